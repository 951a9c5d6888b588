using Harness.Abstractions;
using NUnit.Framework;

namespace Harness.Peers.Docker.Tests.Support;

/// <summary>Test data: requests for container peers, each in a run of its own so that counts by label are exact.</summary>
internal static class Some
{
    public const string Busybox = "harness-busybox:test";
    public const string Web = "harness-web:test";
    public const string Echo = "harness-echo:test";
    public const string UdpEcho = "harness-udp-echo:test";

    public static string RunId() => "test-" + Guid.NewGuid().ToString("N")[..10];

    public static PeerStartRequest Request(string peer, string runId, params (string Key, object? Value)[] settings) =>
        new(peer, runId, Map(settings), TestContext.CurrentContext.TestDirectory);

    public static PeerStartRequest Request(params (string Key, object? Value)[] settings) =>
        Request("peer", RunId(), settings);

    public static IReadOnlyDictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public static IReadOnlyList<object?> List(params object?[] items) => items;

    public static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
