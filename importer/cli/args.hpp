// The option parser the subcommands share: `--opt VALUE` and `--opt=VALUE`,
// flags, short aliases (-v) and positional arguments; `--` ends the
// options.  Every error is a UsageError whose text names the option.
//
//   Args args("vfio-dmabuf conformance");
//   args.value({"--json"}, &json).flag({"-v", "--verbose"}, &verbose);
//   std::vector<std::string> positional = args.parse(argc, argv);
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vfio_dmabuf::cli
{

// Bad usage: the message names the option (or argument) at fault.
struct UsageError : std::runtime_error {
	using std::runtime_error::runtime_error;
};

class Args
{
public:
	explicit Args(std::string command) : command_(std::move(command)) {}

	// An option that takes a value: "--json FILE" or "--json=FILE".  An
	// empty value is an error.  Given twice, the last one counts.
	Args& value(std::vector<std::string> names, std::string* out);
	Args& value(std::vector<std::string> names, std::function<void(const std::string&)> set);
	// An option without a value ("--list"); "--list=x" is an error.
	Args& flag(std::vector<std::string> names, bool* out);

	// Parses argv[1..argc) (argv[0] is the command); returns the
	// positional arguments in order.  Throws UsageError.
	std::vector<std::string> parse(int argc, char** argv) const;

	const std::string& command() const noexcept { return command_; }

private:
	struct Option {
		std::vector<std::string> names;
		bool takes_value;
		std::function<void(const std::string&)> set;
	};
	const Option* find(const std::string& name) const;

	std::string command_;
	std::vector<Option> options_;
};

// `text` as an unsigned number (decimal, 0x hex or 0 octal) no larger than
// `max`; UsageError "OPTION: 'TEXT' is not a number ..." otherwise.
std::uint64_t parse_number(const std::string& option, const std::string& text,
                           std::uint64_t max = UINT64_MAX);

} // namespace vfio_dmabuf::cli
