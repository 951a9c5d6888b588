namespace Harness.Peers.Docker.Engine.Models;

/// <summary>One line of the JSON stream that image build and pull answer with.</summary>
internal sealed record ProgressMessage(string? Stream, string? Status, string? Error, ProgressError? ErrorDetail);

/// <summary>The detail of a failed build or pull step.</summary>
internal sealed record ProgressError(string? Message);
