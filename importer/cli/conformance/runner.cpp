#include "runner.hpp"

#include "vfio_dmabuf/error.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fnmatch.h>
#include <unistd.h>

namespace vfio_dmabuf::conformance
{

std::vector<const Case*> select_cases(const std::string& filter)
{
	std::vector<std::string> globs;
	std::size_t start = 0;
	while (start <= filter.size()) {
		std::size_t comma = filter.find(',', start);
		std::string g =
		        filter.substr(start, comma == std::string::npos ? comma : comma - start);
		if (!g.empty())
			globs.push_back(g);
		if (comma == std::string::npos)
			break;
		start = comma + 1;
	}
	// "!glob" excludes; without any plain glob, everything else is in.
	std::vector<std::string> include, exclude;
	for (const std::string& g : globs)
		(g[0] == '!' ? exclude : include).push_back(g[0] == '!' ? g.substr(1) : g);
	auto any = [](const std::vector<std::string>& gs, const std::string& name) {
		return std::any_of(gs.begin(), gs.end(), [&](const std::string& g) {
			return fnmatch(g.c_str(), name.c_str(), 0) == 0;
		});
	};
	std::vector<const Case*> out;
	for (const Case& c : registry())
		if ((include.empty() || any(include, c.name)) && !any(exclude, c.name))
			out.push_back(&c);
	std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
	return out;
}

int count_open_fds()
{
	int n = 0;
	for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd"))
		n++;
	return n - 1; // the iterator's own directory fd
}

namespace
{

Result run_one(const Case& c, Context& ctx)
{
	Result r{c.name, c.expectation, Status::pass, "", 0, 0};
	ctx.clear_lines();
	int fds_before = count_open_fds(), held_before = ctx.held_fds();
	auto t0 = std::chrono::steady_clock::now();
	auto end_with = [&](Status s, const std::exception& e, int err) {
		r.status = s;
		r.detail = e.what();
		r.err = err;
	};
	try {
		c.run(ctx);
	} catch (const CaseFailure& e) {
		end_with(Status::fail, e, e.code());
	} catch (const Unsupported& e) {
		end_with(Status::unsupported, e, e.code());
	} catch (const Environment& e) {
		end_with(Status::error, e, e.code());
	} catch (const Error& e) {
		end_with(Status::fail, e, e.code());
	} catch (const std::exception& e) {
		end_with(Status::fail, e, 0);
	}
	r.duration_ms =
	        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
	                .count();
	// Descriptors of what the case created for the whole run
	// (Context::shared) are not its leak.
	int fds_after = count_open_fds(), held = ctx.held_fds() - held_before;
	if (fds_after != fds_before + held && r.status != Status::error) {
		std::string leak = "fd count " + std::to_string(fds_before) + " before, " +
		                   std::to_string(fds_after) + " after";
		if (held)
			leak += " (" + std::to_string(held) + " held for the rest of the run)";
		if (r.status == Status::pass)
			r.status = Status::fail, r.detail = leak;
		else
			r.detail += "; " + leak;
	}
	if (r.status == Status::fail && !ctx.lines().empty() && !ctx.verbose())
		for (const auto& l : ctx.lines())
			r.detail += "\n  " + l;
	return r;
}

} // namespace

std::vector<Result> run_cases(const std::vector<const Case*>& cases, Context& ctx)
{
	std::vector<Result> results;
	bool tty = isatty(STDERR_FILENO);
	std::size_t i = 0;
	for (const Case* c : cases) {
		i++;
		if (tty)
			std::fprintf(stderr, "\r\033[K[%zu/%zu] %s ...", i, cases.size(),
			             c->name.c_str());
		else if (ctx.verbose())
			std::fprintf(stderr, "[%zu/%zu] %s\n", i, cases.size(), c->name.c_str());
		results.push_back(run_one(*c, ctx));
	}
	ctx.release_shared();
	if (tty)
		std::fprintf(stderr, "\r\033[K");
	return results;
}

} // namespace vfio_dmabuf::conformance
