using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Harness.Peers.Docker.Engine.Models;

namespace Harness.Peers.Docker.Engine;

/// <summary>
/// A small typed client of the Docker Engine API: the dozen endpoints the container peer needs,
/// over a unix socket or loopback TCP. It stands in for a maintained client library (none is
/// installable here); keeping it to this one class makes that swap a local change.
/// </summary>
internal sealed class DockerEngineClient : IDisposable
{
    /// <summary>A missing engine must be reported in well under the 5 s a whole run is allowed.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly SemaphoreSlim _negotiation = new(1, 1);
    private ApiVersion? _version;

    public DockerEngineClient(DockerEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
        };
        Uri baseAddress;
        if (endpoint.SocketPath is { } path)
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(path, cancellationToken);

            // The host name is never resolved: every connection goes to the socket.
            baseAddress = new Uri("http://docker.sock/");
        }
        else
        {
            baseAddress = new UriBuilder("http", endpoint.TcpHost, endpoint.TcpPort).Uri;
        }

        // Timeouts come from each call's cancellation token: a build or a log read may take long.
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The API version agreed with the engine, once <see cref="NegotiateAsync"/> has run.</summary>
    public ApiVersion? NegotiatedVersion => _version;

    /// <summary><c>GET /_ping</c>: whether the engine answers, and the API version it advertises.</summary>
    public async Task<ApiVersion?> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/_ping", null, cancellationToken, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "ping", cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValues("Api-Version", out var values)
            && ApiVersion.TryParse(values.FirstOrDefault(), out var version)
            ? version
            : null;
    }

    /// <summary><c>GET /version</c>, unversioned so that it works before negotiation.</summary>
    public Task<VersionResponse> GetVersionAsync(CancellationToken cancellationToken) =>
        GetJsonAsync("/version", DockerJsonContext.Default.VersionResponse, "read the engine version", cancellationToken);

    /// <summary>
    /// Agrees on min(client maximum, engine maximum), as the docker CLI does, and refuses an engine
    /// that is too old for this client or that no longer speaks the agreed version.
    /// </summary>
    public async Task<ApiVersion> NegotiateAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known)
        {
            return known;
        }

        await _negotiation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_version is { } raced)
            {
                return raced;
            }

            var advertised = await PingAsync(cancellationToken).ConfigureAwait(false);
            var version = await GetVersionAsync(cancellationToken).ConfigureAwait(false);
            var engineMax = ApiVersion.TryParse(version.ApiVersion, out var v) ? v : advertised ?? ApiVersion.ClientMinimum;
            var agreed = ApiVersion.Min(ApiVersion.ClientMaximum, engineMax);
            if (ApiVersion.TryParse(version.MinAPIVersion, out var engineMin) && agreed < engineMin)
            {
                throw new DockerEngineException(
                    $"the Docker engine at {Endpoint} needs API {engineMin} or newer, and this client speaks up to {ApiVersion.ClientMaximum}",
                    HttpStatusCode.BadRequest);
            }

            if (agreed < ApiVersion.ClientMinimum)
            {
                throw new DockerEngineException(
                    $"the Docker engine at {Endpoint} speaks API {agreed}, older than the {ApiVersion.ClientMinimum} this client needs",
                    HttpStatusCode.BadRequest);
            }

            _version = agreed;
            return agreed;
        }
        finally
        {
            _negotiation.Release();
        }
    }

    /// <summary><c>GET /images/{name}/json</c>; null when the engine has no such image.</summary>
    public async Task<ImageInspectResponse?> InspectImageAsync(string image, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/images/{Uri.EscapeDataString(image)}/json", cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, $"inspect image {image}", cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, DockerJsonContext.Default.ImageInspectResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /images/create</c>: pulls an image from its registry, failing with the engine's message.</summary>
    public async Task PullImageAsync(string image, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/images/create?fromImage={Uri.EscapeDataString(image)}", cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(HttpMethod.Post, path, null, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"pull image {image}", cancellationToken).ConfigureAwait(false);
        await ReadProgressAsync(response, $"pull image {image}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /build</c> with the folder as the build context (its Dockerfile at the top).</summary>
    public async Task<string> BuildImageAsync(string folder, string tag, CancellationToken cancellationToken)
    {
        using var context = new MemoryStream();
        await TarFile.CreateFromDirectoryAsync(folder, context, includeBaseDirectory: false, cancellationToken).ConfigureAwait(false);
        context.Position = 0;
        var body = new StreamContent(context);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var path = await VersionedAsync($"/build?t={Uri.EscapeDataString(tag)}&rm=1&forcerm=1", cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(HttpMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"build {folder}", cancellationToken).ConfigureAwait(false);
        return await ReadProgressAsync(response, $"build {folder}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /containers/create</c>; returns the container id.</summary>
    public async Task<string> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/containers/create?name={Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false);
        using var body = JsonBody(request, DockerJsonContext.Default.ContainerCreateRequest);
        using var response = await SendAsync(HttpMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"create container {name}", cancellationToken).ConfigureAwait(false);
        var created = await ReadJsonAsync(response, DockerJsonContext.Default.ContainerCreateResponse, cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    /// <summary><c>POST /containers/{id}/start</c>; starting a running container is not an error.</summary>
    public async Task StartContainerAsync(string id, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/containers/{id}/start", cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(HttpMethod.Post, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            await EnsureSuccessAsync(response, $"start container {Short(id)}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>GET /containers/{id}/json</c>.</summary>
    public async Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/containers/{id}/json", cancellationToken).ConfigureAwait(false);
        return await GetJsonAsync(path, DockerJsonContext.Default.ContainerInspectResponse, $"inspect container {Short(id)}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /containers/{id}/logs</c>: stdout and stderr so far, as text.</summary>
    public async Task<string> GetLogsAsync(string id, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/containers/{id}/logs?stdout=1&stderr=1", cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"read the logs of container {Short(id)}", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return LogDemultiplexer.Demultiplex(body);
    }

    /// <summary><c>POST /containers/{id}/stop</c>: SIGTERM, then SIGKILL after the grace period.</summary>
    public async Task StopContainerAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(grace.TotalSeconds);
        var path = await VersionedAsync(FormattableString.Invariant($"/containers/{id}/stop?t={seconds}"), cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(HttpMethod.Post, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NotModified or HttpStatusCode.NotFound))
        {
            await EnsureSuccessAsync(response, $"stop container {Short(id)}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>DELETE /containers/{id}?force=1&amp;v=1</c>; a container already gone is not an error.</summary>
    public async Task RemoveContainerAsync(string id, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/containers/{id}?force=1&v=1", cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);

        // 409: removal already in progress (the signal handler and a dispose may race).
        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Conflict))
        {
            await EnsureSuccessAsync(response, $"remove container {Short(id)}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>GET /containers/json?all=1</c> filtered by labels (<c>key</c> or <c>key=value</c>).</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/containers/json?all=1&filters={LabelFilter(labels)}", cancellationToken).ConfigureAwait(false);
        return await GetJsonAsync(path, DockerJsonContext.Default.IReadOnlyListContainerSummary, "list containers", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /networks/create</c> of a bridge network; returns its id.</summary>
    public async Task<string> CreateNetworkAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync("/networks/create", cancellationToken).ConfigureAwait(false);
        using var body = JsonBody(new NetworkCreateRequest(name, "bridge", labels), DockerJsonContext.Default.NetworkCreateRequest);
        using var response = await SendAsync(HttpMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"create network {name}", cancellationToken).ConfigureAwait(false);
        var created = await ReadJsonAsync(response, DockerJsonContext.Default.NetworkCreateResponse, cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    /// <summary><c>DELETE /networks/{id}</c>; a network already gone is not an error.</summary>
    public async Task RemoveNetworkAsync(string id, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/networks/{id}", cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, $"remove network {Short(id)}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>DELETE /images/{name}</c>; an image already gone is not an error.</summary>
    public async Task RemoveImageAsync(string image, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/images/{Uri.EscapeDataString(image)}", cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, $"remove image {image}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>GET /networks</c> filtered by labels.</summary>
    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var path = await VersionedAsync($"/networks?filters={LabelFilter(labels)}", cancellationToken).ConfigureAwait(false);
        return await GetJsonAsync(path, DockerJsonContext.Default.IReadOnlyListNetworkSummary, "list networks", cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _http.Dispose();
        _negotiation.Dispose();
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string LabelFilter(IReadOnlyList<string> labels) =>
        Uri.EscapeDataString(JsonSerializer.Serialize(
            new Dictionary<string, IReadOnlyList<string>> { ["label"] = labels },
            DockerJsonContext.Default.IReadOnlyDictionaryStringIReadOnlyListString));

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static StringContent JsonBody<T>(T value, JsonTypeInfo<T> typeInfo) =>
        new(JsonSerializer.Serialize(value, typeInfo), Encoding.UTF8, JsonMediaType);

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new DockerEngineException($"the engine answered {response.RequestMessage?.RequestUri?.AbsolutePath} with an empty body");
        }
    }

    /// <summary>Reads a build or pull stream to its end; the last error line, if any, is the failure.</summary>
    private static async Task<string> ReadProgressAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var message = JsonSerializer.Deserialize(line, DockerJsonContext.Default.ProgressMessage);
            if (message?.Error is { } error)
            {
                throw new DockerEngineException($"{what} failed: {error.Trim()}\n{output}", HttpStatusCode.InternalServerError);
            }

            output.Append(message?.Stream ?? (message?.Status is { } status ? status + "\n" : string.Empty));
        }

        return output.ToString();
    }

    private async Task<string> VersionedAsync(string path, CancellationToken cancellationToken)
    {
        var version = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        return $"/v{version}{path}";
    }

    private async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, string what, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, what, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        HttpContent? content,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseHeadersRead)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError || e.InnerException is SocketException)
        {
            throw Unavailable(e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The connect callback's own timeout, not the caller's.
            throw Unavailable(e);
        }
    }

    private DockerEngineUnavailableException Unavailable(Exception cause)
    {
        // The system says "Cannot assign requested address" for a missing socket file: say it plainly.
        var reason = Endpoint.SocketPath is { } path && !File.Exists(path) ? $"the socket {path} does not exist"
            : cause is OperationCanceledException || cause.InnerException is OperationCanceledException or TimeoutException
            ? $"no answer within {ConnectTimeout.TotalSeconds:0} s"
            : (cause.InnerException ?? cause).Message;
        return new DockerEngineUnavailableException($"no Docker engine at {Endpoint.Describe()}: {reason}", cause);
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? message = null;
        try
        {
            message = JsonSerializer.Deserialize(body, DockerJsonContext.Default.ErrorResponse)?.Message;
        }
        catch (JsonException)
        {
            // Not every error is JSON (a proxy in between, a very old engine): show the body as it is.
        }

        message ??= body.Trim();
        throw new DockerEngineException(
            $"could not {what}: the engine at {Endpoint} answered {(int)response.StatusCode} {message}",
            response.StatusCode);
    }
}
