using System.Net.Sockets;
using System.Text;

namespace Silo.Server.Tests;

/// <summary>
/// Writes a request byte for byte over a plain socket, for framing HttpClient refuses to produce
/// (a chunk size no counter can hold), and reads the answer until the server closes.
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static async Task<Answer> SendAsync(Uri server, string request, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException) when (received.Length > 0)
        {
            // The server may reset the connection after its answer to a broken request; the answer is what counts.
        }
        return Parse(Encoding.UTF8.GetString(received.ToArray()));
    }

    private static Answer Parse(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"No complete response head in: {text}");
        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(split + 4)..];
        return new Answer(status, headers, headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var end = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (end < 0) break;
            var size = Convert.ToInt32(body[at..end].Split(';')[0], 16);
            if (size == 0) break;
            result.Append(body, end + 2, size);
            at = end + 2 + size + 2;
        }
        return result.ToString();
    }
}
