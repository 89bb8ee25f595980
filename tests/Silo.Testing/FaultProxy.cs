using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Silo.Testing;

/// <summary>
/// A loopback TCP proxy in front of a real server that injects the faults a network causes:
/// dropped connections, a response cut off after some bytes, 503s from a gateway, a server that
/// accepts and never answers. It rewrites each request to <c>Connection: close</c>, so one
/// connection carries one request and a fault hits exactly the request it was meant for.
/// Faults are rules matched in the order they were added; a request no rule matches passes through.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int MaxConnections = 64;
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxRecorded = 10_000;

    private readonly TcpListener _listener;
    private readonly DnsEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxConnections);
    private readonly Lock _lock = new();
    private readonly List<Rule> _rules = [];
    private readonly List<ProxiedRequest> _requests = [];
    private readonly HashSet<Task> _open = [];
    private readonly HashSet<Socket> _sockets = [];
    private readonly Task _acceptLoop;
    private int _connections;
    private int _dropOnAccept;

    private FaultProxy(Uri target)
    {
        _target = new DnsEndPoint(target.Host, target.Port);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseAddress = new UriBuilder(target) { Host = "127.0.0.1", Port = port }.Uri;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <param name="target">The real server's base address; the proxy's keeps its path.</param>
    public static FaultProxy Start(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new FaultProxy(target);
    }

    public Uri BaseAddress { get; }

    /// <summary>Connections accepted so far, whatever happened to them.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every request head read so far (the last 10,000), in arrival order, with the fault it met.</summary>
    public IReadOnlyList<ProxiedRequest> Requests
    {
        get
        {
            lock (_lock) return [.. _requests];
        }
    }

    /// <summary>Requests with this method whose path (without the query) is <paramref name="path"/>.</summary>
    public IReadOnlyList<ProxiedRequest> RequestsTo(string method, string path) =>
        Requests.Where(r => r.Method == method && r.PathOnly == path).ToList();

    /// <summary>Removes every fault: all requests pass through from now on.</summary>
    public void PassThrough()
    {
        lock (_lock) _rules.Clear();
    }

    /// <summary>Resets the next <paramref name="count"/> connections as soon as they are accepted, before any request is read.</summary>
    public void DropOnAccept(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Volatile.Write(ref _dropOnAccept, count);
    }

    /// <summary>
    /// The network goes away: every connection open now is reset (an event stream among them), and
    /// new requests are dropped until <see cref="PassThrough"/>.
    /// </summary>
    public void Disconnect()
    {
        DropConnections();
        Socket[] open;
        lock (_lock) open = [.. _sockets];
        foreach (var socket in open)
        {
            try
            {
                Reset(socket);
            }
            catch (ObjectDisposedException)
            {
                // Closed by its own connection in the meantime.
            }
        }
    }

    /// <summary>Reads the request, then resets the connection without any answer.</summary>
    /// <param name="count">How many requests to drop; null drops until <see cref="PassThrough"/>.</param>
    public void DropConnections(int? count = null, string? method = null, string? path = null) =>
        Add(new Rule(FaultKind.Drop, count, method, path));

    /// <summary>
    /// Forwards the request, lets the server answer (so it has done its work), relays the first
    /// <paramref name="afterBytes"/> bytes of the response and then cuts the connection: a reset,
    /// or with <paramref name="reset"/> false a clean close that leaves the response short.
    /// </summary>
    public void DropResponses(int afterBytes, bool reset = true, int? count = null, string? method = null, string? path = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterBytes);
        Add(new Rule(FaultKind.Cut, count, method, path) { Bytes = afterBytes, Reset = reset });
    }

    /// <summary>Answers <c>503 Service Unavailable</c> itself, as a gateway would, without asking the server.</summary>
    /// <param name="retryAfterZero">Sends <c>Retry-After: 0</c>; false sends no Retry-After.</param>
    public void Answer503(int count, bool retryAfterZero = true, string? method = null, string? path = null) =>
        Add(new Rule(FaultKind.Answer503, count, method, path) { RetryAfterZero = retryAfterZero });

    /// <summary>Reads the request and never answers; the connection lives until the client gives up or the proxy is disposed.</summary>
    public void Stall(int? count = null, string? method = null, string? path = null) =>
        Add(new Rule(FaultKind.Stall, count, method, path));

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        _listener.Stop();
        // The accept loop first, so no connection starts after the snapshot below.
        await _acceptLoop;
        Task[] open;
        lock (_lock)
        {
            foreach (var socket in _sockets) socket.Dispose();
            open = [.. _open];
            _open.Clear();
        }
        await Task.WhenAll(open);
        _stop.Dispose();
        _slots.Dispose();
    }

    private void Add(Rule rule)
    {
        lock (_lock) _rules.Add(rule);
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _stop.Token;
        try
        {
            while (true)
            {
                // Bounded: a client that opens connections without end waits here instead of exhausting the host.
                await _slots.WaitAsync(ct);
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(ct);
                }
                catch
                {
                    _slots.Release();
                    throw;
                }
                Interlocked.Increment(ref _connections);
                lock (_lock)
                {
                    _sockets.Add(socket);
                    _open.RemoveWhere(t => t.IsCompleted);
                    _open.Add(RunAsync(socket, ct));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed: the listener is stopped.
        }
    }

    private async Task RunAsync(Socket socket, CancellationToken ct)
    {
        try
        {
            await ServeAsync(socket, ct);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        Socket? server = null;
        try
        {
            if (TakeDropOnAccept())
            {
                Reset(client);
                return;
            }
            var (head, rest) = await ReadHeadAsync(client, ct);
            if (head is null) return;
            var request = ProxiedRequest.Parse(head);
            var rule = Match(request);
            lock (_lock)
            {
                if (_requests.Count == MaxRecorded) _requests.RemoveAt(0);
                _requests.Add(request with { Fault = rule?.Kind.ToString() ?? "PassThrough" });
            }
            switch (rule?.Kind)
            {
                case FaultKind.Drop:
                    Reset(client);
                    return;
                case FaultKind.Stall:
                    await DrainUntilClosedAsync(client, ct);
                    return;
                case FaultKind.Answer503:
                    await DiscardBodyAsync(client, request, rest.Length, ct);
                    var retryAfter = rule.RetryAfterZero ? "Retry-After: 0\r\n" : "";
                    await client.SendAsync(Encoding.ASCII.GetBytes(
                        $"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n{retryAfter}\r\n"), ct);
                    client.Shutdown(SocketShutdown.Both);
                    return;
            }

            server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            lock (_lock) _sockets.Add(server);
            try
            {
                await server.ConnectAsync(_target, ct);
            }
            catch (SocketException)
            {
                // The server is down: the client sees a reset, as from a gateway with nothing behind it.
                Reset(client);
                return;
            }
            await server.SendAsync(Encoding.ASCII.GetBytes(request.RewrittenHead), ct);
            if (rest.Length > 0) await server.SendAsync(rest, ct);
            using var pumps = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var upstream = PumpAsync(client, server, limit: null, pumps.Token);
            var completed = await PumpAsync(server, client, rule?.Kind == FaultKind.Cut ? rule.Bytes : null, pumps.Token);
            await pumps.CancelAsync();
            await upstream;
            if (!completed)
            {
                if (rule!.Reset) Reset(client);
                else client.Shutdown(SocketShutdown.Both);
            }
            else
            {
                client.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away, the server refused, or the proxy is shutting down.
        }
        finally
        {
            lock (_lock)
            {
                _sockets.Remove(client);
                if (server is not null) _sockets.Remove(server);
            }
            client.Dispose();
            server?.Dispose();
        }
    }

    private bool TakeDropOnAccept()
    {
        while (true)
        {
            var left = Volatile.Read(ref _dropOnAccept);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _dropOnAccept, left - 1, left) == left) return true;
        }
    }

    private Rule? Match(ProxiedRequest request)
    {
        lock (_lock)
        {
            var rule = _rules.FirstOrDefault(r => r.Remaining is null or > 0 && r.Matches(request));
            if (rule?.Remaining is { } n) rule.Remaining = n - 1;
            return rule;
        }
    }

    /// <returns>The head up to and including the blank line, and any bytes read past it; a null head when the client closed first.</returns>
    private static async Task<(string? Head, byte[] Tail)> ReadHeadAsync(Socket client, CancellationToken ct)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await client.ReceiveAsync(buffer.AsMemory(length), ct);
            if (n == 0) return (null, []);
            var searchFrom = Math.Max(0, length - 3);
            length += n;
            var end = buffer.AsSpan(searchFrom, length - searchFrom).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var headLength = searchFrom + end + 4;
                return (Encoding.ASCII.GetString(buffer, 0, headLength), buffer[headLength..length]);
            }
        }
        return (null, []);
    }

    /// <summary>Reads what is left of a Content-Length body, so answering and closing does not turn into a reset.</summary>
    private static async Task DiscardBodyAsync(Socket client, ProxiedRequest request, int alreadyRead, CancellationToken ct)
    {
        var left = request.ContentLength - alreadyRead;
        var buffer = new byte[8192];
        while (left > 0)
        {
            var n = await client.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
            if (n == 0) return;
            left -= n;
        }
    }

    private static async Task DrainUntilClosedAsync(Socket client, CancellationToken ct)
    {
        var buffer = new byte[8192];
        while (await client.ReceiveAsync(buffer, ct) > 0)
        {
        }
    }

    /// <returns>False when <paramref name="limit"/> bytes were relayed and the rest withheld.</returns>
    private static async Task<bool> PumpAsync(Socket from, Socket to, int? limit, CancellationToken ct)
    {
        var buffer = new byte[16384];
        long relayed = 0;
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, ct);
                if (n == 0) return true;
                if (limit is { } max && relayed + n >= max)
                {
                    var part = (int)(max - relayed);
                    if (part > 0) await to.SendAsync(buffer.AsMemory(0, part), ct);
                    return false;
                }
                await to.SendAsync(buffer.AsMemory(0, n), ct);
                relayed += n;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException && limit is null)
        {
            // The request direction ends when the response is done or either side closed.
            return true;
        }
    }

    private static void Reset(Socket socket)
    {
        // Linger 0 closes with RST, as a crashed peer or a broken route would.
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private enum FaultKind
    {
        Drop,
        Cut,
        Answer503,
        Stall,
    }

    private sealed class Rule(FaultKind kind, int? remaining, string? method, string? path)
    {
        public FaultKind Kind { get; } = kind;

        public int? Remaining { get; set; } = remaining;

        public int Bytes { get; init; }

        public bool Reset { get; init; } = true;

        public bool RetryAfterZero { get; init; } = true;

        public bool Matches(ProxiedRequest request) =>
            (method is null || string.Equals(method, request.Method, StringComparison.OrdinalIgnoreCase))
            && (path is null || path == request.PathOnly);
    }
}

/// <summary>A request head as the proxy saw it.</summary>
public sealed record ProxiedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string RewrittenHead)
{
    /// <summary>What the proxy did with it: PassThrough, Drop, Cut, Answer503 or Stall.</summary>
    public string Fault { get; init; } = "PassThrough";

    public string PathOnly => Path.Split('?', 2)[0];

    public long ContentLength => Headers.TryGetValue("Content-Length", out var value) && long.TryParse(value, out var n) ? n : 0;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    internal static ProxiedRequest Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rewritten = new StringBuilder(lines[0]).Append("\r\n");
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            headers[name] = line[(colon + 1)..].Trim();
            // One request per connection: the server closes after answering, the client never reuses it.
            if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) rewritten.Append(line).Append("\r\n");
        }
        rewritten.Append("Connection: close\r\n\r\n");
        return new ProxiedRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "/", headers, rewritten.ToString());
    }
}
