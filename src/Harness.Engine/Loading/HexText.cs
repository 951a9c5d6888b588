namespace Harness.Engine.Loading;

/// <summary>Bytes written in hex: <c>48 65 6c 6c 6f</c>, <c>48656c6c6f</c> or <c>48:65:6c</c>.</summary>
internal static class HexText
{
    public static bool TryParse(string text, out byte[] bytes, out string? error)
    {
        var digits = new List<byte>(text.Length / 2);
        int? high = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or ':' or '-' or '\t' or '\n' or '\r')
            {
                if (high is not null)
                {
                    bytes = [];
                    error = $"hex byte at offset {i - 1} has one digit; write each byte as two digits, such as 0a";
                    return false;
                }

                continue;
            }

            var value = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (value < 0)
            {
                bytes = [];
                error = $"'{c}' at offset {i} is not a hex digit";
                return false;
            }

            if (high is null)
            {
                high = value;
            }
            else
            {
                digits.Add((byte)((high.Value << 4) | value));
                high = null;
            }
        }

        if (high is not null)
        {
            bytes = [];
            error = "an odd number of hex digits; write each byte as two digits, such as 0a";
            return false;
        }

        bytes = [.. digits];
        error = null;
        return true;
    }
}
