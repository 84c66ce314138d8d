// A Vulkan device for host unit tests of the passes: ordinary memory (the
// host's lavapipe cannot import dma-bufs), validation layer on, and a check
// that it reported nothing.
#pragma once

#include "vfio_dmabuf/testing/vulkan/device.hpp"
#include "vfio_dmabuf/testing/vulkan/device_requirements.hpp"
#include "vfio_dmabuf/testing/vulkan/instance.hpp"

#include <gtest/gtest.h>
#include <optional>

namespace vfio_dmabuf::vulkan::test
{

class VulkanTest : public ::testing::Test
{
protected:
	// Ordinary memory; a fixture that needs more asks for it here.
	virtual DeviceRequirements requirements() const
	{
		DeviceRequirements ordinary_memory;
		ordinary_memory.dma_buf = false;
		return ordinary_memory;
	}

	void SetUp() override
	{
		try {
			instance_.emplace();
			device_.emplace(*instance_, requirements());
		} catch (const MissingCapability& e) {
			GTEST_SKIP() << "no usable Vulkan device: " << e.what();
		}
	}

	void TearDown() override
	{
		if (!instance_)
			return;
		device_.reset();
		for (const auto& e : instance_->log().errors())
			ADD_FAILURE() << "validation: " << e;
		instance_.reset();
	}

	Device& device() { return *device_; }
	Instance& instance() { return *instance_; }

	std::optional<Instance> instance_;
	std::optional<Device> device_;
};

} // namespace vfio_dmabuf::vulkan::test
