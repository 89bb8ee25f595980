using System.Text;

namespace Silo.Client.Events;

/// <summary>One dispatched server-sent event: its fields as the stream gave them.</summary>
internal sealed record SseMessage(string? Id, string Type, string Data);

/// <summary>
/// The text/event-stream line format (WHATWG HTML, "server-sent events"): fields accumulate until
/// a blank line dispatches them; comments (": keep-alive") and unknown fields are ignored.
/// </summary>
internal sealed class SseParser
{
    private readonly StringBuilder _data = new();
    private string? _id;
    private string? _type;
    private bool _hasData;

    /// <returns>A message when <paramref name="line"/> ends one, else null.</returns>
    public SseMessage? Feed(string line)
    {
        if (line.Length == 0)
        {
            if (!_hasData)
            {
                _type = null;
                return null;
            }
            var message = new SseMessage(_id, _type ?? "message", _data.ToString());
            _data.Clear();
            _hasData = false;
            _type = null;
            return message;
        }
        if (line[0] == ':') return null;
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? "" : line[(colon + 1)..];
        if (value.StartsWith(' ')) value = value[1..];
        switch (field)
        {
            case "data":
                if (_hasData) _data.Append('\n');
                _data.Append(value);
                _hasData = true;
                break;
            case "event":
                _type = value;
                break;
            case "id" when !value.Contains('\0', StringComparison.Ordinal):
                _id = value;
                break;
        }
        return null;
    }
}
