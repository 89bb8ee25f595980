using SiloMod.Core.Contexts;
using SiloMod.Core.Host;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// The contexts the host has open per document (a body and a sketch in it, say), followed from
/// the changes it reports. Release Now asks it whether a session still has an open context, and
/// a jump out of several levels at once finds here the contexts it closes.
/// </summary>
internal sealed class OpenContexts
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<OpenContext>> _byPart = new(StringComparer.Ordinal);

    /// <summary>
    /// Removes and returns what a move to <paramref name="target"/> closes: every open context as
    /// deep as the target or deeper, except the target itself when it is already open.
    /// </summary>
    public IReadOnlyList<OpenContext> CloseFor(string partNumber, EditingContext target)
    {
        var depth = ContextDepth.Of(target);
        lock (_gate)
        {
            if (!_byPart.TryGetValue(partNumber, out var open)) return [];
            var closed = open.Where(o => o.Depth >= depth && !TransitionClassifier.SameObject(o.Context, target)).ToList();
            open.RemoveAll(closed.Contains);
            if (open.Count == 0) _byPart.Remove(partNumber);
            return closed;
        }
    }

    public bool IsOpen(string partNumber, EditingContext context)
    {
        lock (_gate) return _byPart.TryGetValue(partNumber, out var open) && open.Any(o => TransitionClassifier.SameObject(o.Context, context));
    }

    public void Open(string partNumber, OpenContext context)
    {
        lock (_gate)
        {
            if (!_byPart.TryGetValue(partNumber, out var open)) _byPart[partNumber] = open = [];
            open.RemoveAll(o => TransitionClassifier.SameObject(o.Context, context.Context));
            open.Add(context);
        }
    }

    /// <summary>The user answered the freshness prompt with Edit anyway: the item's open contexts are ordinary edits from now on.</summary>
    /// <returns>The notices answered.</returns>
    public IReadOnlyList<StaleNotice> Answer(string partNumber)
    {
        lock (_gate)
        {
            if (!_byPart.TryGetValue(partNumber, out var open)) return [];
            var answered = open.Where(o => o.AwaitingAnswer is not null).ToList();
            foreach (var context in answered) open[open.IndexOf(context)] = context with { AwaitingAnswer = null };
            return [.. answered.Select(c => c.AwaitingAnswer!)];
        }
    }

    public OpenContext? FindBySessionId(string sessionId)
    {
        lock (_gate) return _byPart.Values.SelectMany(o => o).FirstOrDefault(o => o.Session?.SessionId == sessionId);
    }
}
