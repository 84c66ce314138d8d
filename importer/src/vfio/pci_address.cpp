#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cctype>
#include <regex>

namespace vfio_dmabuf
{

std::string normalize_pci_address(const std::string& bdf)
{
	static const std::regex full("^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-1][0-9a-fA-F]\\.[0-7]$");
	static const std::regex shorter("^[0-9a-fA-F]{2}:[0-1][0-9a-fA-F]\\.[0-7]$");
	std::string out;
	if (std::regex_match(bdf, full))
		out = bdf;
	else if (std::regex_match(bdf, shorter))
		out = "0000:" + bdf;
	else
		throw Error("'" + bdf + "' is not a PCI address (want DDDD:BB:SS.F or BB:SS.F)",
		            EINVAL);
	for (auto& c : out)
		c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
	return out;
}

} // namespace vfio_dmabuf
