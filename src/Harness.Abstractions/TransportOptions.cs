using System.Globalization;

namespace Harness.Abstractions;

/// <summary>
/// Transport-specific settings written in a scenario (for example <c>v6only: false</c> or
/// <c>connected: false</c>), passed to the plugin as text so that a plugin can add an option
/// without a change to this contract.
/// </summary>
/// <param name="Values">The settings by name; names are case-insensitive.</param>
public sealed record TransportOptions(IReadOnlyDictionary<string, string> Values)
{
    /// <summary>No settings.</summary>
    public static TransportOptions None { get; } = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The setting as a boolean, or <paramref name="fallback"/> when it is absent.</summary>
    /// <param name="name">The setting's name.</param>
    /// <param name="fallback">The value when the setting is absent.</param>
    /// <returns>The setting's value.</returns>
    /// <exception cref="FormatException">The setting is present but not <c>true</c> or <c>false</c>.</exception>
    public bool GetBoolean(string name, bool fallback) =>
        !Values.TryGetValue(name, out var text) ? fallback
        : bool.TryParse(text, out var value) ? value
        : throw new FormatException($"option '{name}' must be true or false, not '{text}'");

    /// <summary>The setting as an integer, or <paramref name="fallback"/> when it is absent.</summary>
    /// <param name="name">The setting's name.</param>
    /// <param name="fallback">The value when the setting is absent.</param>
    /// <returns>The setting's value.</returns>
    /// <exception cref="FormatException">The setting is present but not an integer.</exception>
    public int GetInt32(string name, int fallback) =>
        !Values.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"option '{name}' must be a whole number, not '{text}'");
}
