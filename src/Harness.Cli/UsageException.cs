namespace Harness.Cli;

/// <summary>The command line is wrong; the message says how, and the exit code is 2.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    public UsageException()
        : this("invalid usage")
    {
    }

    public UsageException(string message, Exception innerException)
        : this(message + ": " + innerException.Message)
    {
    }
}
