#include "vfio_dmabuf/revoke_scope.hpp"

#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/log.hpp"

#include <utility>

namespace vfio_dmabuf
{

RevokeScope::RevokeScope(Revocation revocation, std::vector<Quiescer> quiescers)
    : revocation_(std::move(revocation)), quiescers_(std::move(quiescers))
{
	for (const Quiescer& q : quiescers_)
		if (q.wait_idle)
			q.wait_idle();
	if (revocation_.revoke)
		revocation_.revoke();
	revoked_ = true;
}

RevokeScope::~RevokeScope()
{
	if (!revoked_ || !revocation_.restore)
		return;
	try {
		revocation_.restore();
	} catch (const std::exception& e) {
		log(LogLevel::error, "RevokeScope could not restore the memory after " +
		                             revocation_.what + " (destructor): " + e.what() +
		                             "; the memory stays revoked");
	} catch (...) {
		log(LogLevel::error, "RevokeScope could not restore the memory after " +
		                             revocation_.what +
		                             " (destructor): unknown exception; the memory stays "
		                             "revoked");
	}
}

void RevokeScope::restore()
{
	if (!revoked_)
		throw Error("restore after " + revocation_.what + ": already restored", EALREADY);
	if (revocation_.restore)
		revocation_.restore();
	revoked_ = false;
	for (const Quiescer& q : quiescers_)
		if (q.revalidate)
			q.revalidate();
}

} // namespace vfio_dmabuf
