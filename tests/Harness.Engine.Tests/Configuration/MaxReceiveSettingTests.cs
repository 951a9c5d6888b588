using Harness.Engine.Configuration;
using Harness.Engine.Loading;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Configuration;

/// <summary><c>defaults.maxReceive</c> in harness.yaml: the received-data limit, written as a size, checked at its place.</summary>
public sealed class MaxReceiveSettingTests
{
    [TestCase("4096", 4096)]
    [TestCase("512KiB", 512 * 1024)]
    [TestCase("64MiB", 64 * 1024 * 1024)]
    [TestCase("1MB", 1_000_000)]
    [TestCase("250KB", 250_000)]
    [TestCase("1.5MiB", 1536 * 1024)]
    [TestCase("1GiB", 1 << 30)]
    [TestCase("2 MiB", 2 * 1024 * 1024)]
    [TestCase("8192B", 8192)]
    public void A_size_in_harness_yaml_sets_the_received_data_limit(string written, int bytes) =>
        Load($"defaults:\n  maxReceive: {written}\n").Run.MaxReceiveBytes.ShouldBe(bytes);

    [Test]
    public void Without_the_setting_the_limit_is_64_MiB() =>
        Load("defaults:\n  timeout: 2s\n").Run.MaxReceiveBytes.ShouldBe(64 * 1024 * 1024);

    [TestCase("64mb", "harness.yaml:2:15: maxReceive: '64mb' is not a size; expected a size such as 4096, 512B, 64KiB, 1MB or 1.5MiB (KB = 1000 bytes, KiB = 1024)")]
    [TestCase("lots", "harness.yaml:2:15: maxReceive: 'lots' is not a size; expected a size such as 4096, 512B, 64KiB, 1MB or 1.5MiB (KB = 1000 bytes, KiB = 1024)")]
    [TestCase("-1", "harness.yaml:2:15: maxReceive: '-1' is not a size; expected a size such as 4096, 512B, 64KiB, 1MB or 1.5MiB (KB = 1000 bytes, KiB = 1024)")]
    [TestCase("64", "harness.yaml:2:15: maxReceive: 64 is less than the smallest allowed, 1 KiB")]
    [TestCase("2GiB", "harness.yaml:2:15: maxReceive: 2GiB is more than the largest allowed, 1 GiB")]
    [TestCase("0.5B", "harness.yaml:2:15: maxReceive: '0.5B' is not a size; expected a size such as 4096, 512B, 64KiB, 1MB or 1.5MiB (KB = 1000 bytes, KiB = 1024)")]
    [TestCase("99999999999999999999", "harness.yaml:2:15: maxReceive: '99999999999999999999' is not a size; expected a size such as 4096, 512B, 64KiB, 1MB or 1.5MiB (KB = 1000 bytes, KiB = 1024)")]
    public void A_mistaken_size_is_reported_at_its_place(string written, string message) =>
        Should.Throw<ScenarioException>(() => Load($"defaults:\n  maxReceive: {written}\n")).Message.ShouldBe(message);

    [Test]
    public void A_misspelt_key_gets_the_nearest_one() =>
        Should.Throw<ScenarioException>(() => Load("defaults:\n  maxRecieve: 1MiB\n")).Message.ShouldContain("did you mean `maxReceive`?");

    [TestCase(64L * 1024 * 1024, "64 MiB")]
    [TestCase(1_000_000, "976.56 KiB")]
    [TestCase(4096, "4 KiB")]
    [TestCase(1000, "1000 B")]
    [TestCase(RunSettings.MaxReceiveLimit, "1 GiB")]
    public void Sizes_are_told_in_binary_units(long bytes, string told) =>
        Sizes.Format(bytes).ShouldBe(told);

    private static HarnessSettings Load(string yaml)
    {
        using var folder = new TempFolder();
        return SettingsLoader.Load(folder.Write("harness.yaml", yaml), "harness.yaml");
    }
}
