using System.Net;

namespace Harness.Peers.Docker.Engine;

/// <summary>The engine answered a request with an error; the message is the engine's own.</summary>
internal sealed class DockerEngineException : Exception
{
    public DockerEngineException(string message, HttpStatusCode statusCode, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    public DockerEngineException()
        : this("the Docker engine failed", HttpStatusCode.InternalServerError)
    {
    }

    public DockerEngineException(string message)
        : this(message, HttpStatusCode.InternalServerError)
    {
    }

    public DockerEngineException(string message, Exception innerException)
        : this(message, HttpStatusCode.InternalServerError, innerException)
    {
    }

    public HttpStatusCode StatusCode { get; }
}

/// <summary>No engine answered at the endpoint at all (socket missing, connection refused or timed out).</summary>
internal sealed class DockerEngineUnavailableException : Exception
{
    public DockerEngineUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public DockerEngineUnavailableException()
        : this("no Docker engine")
    {
    }

    public DockerEngineUnavailableException(string message)
        : this(message, null)
    {
    }
}
