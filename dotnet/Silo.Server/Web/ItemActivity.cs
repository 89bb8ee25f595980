using System.Globalization;
using Silo.Server.Checkpoints;
using Silo.Server.EditSessions;
using Silo.Server.Locks;

namespace Silo.Server.Web;

/// <summary>What is going on with an item now, as the item page states it: its lock, live edit sessions, latest checkpoints.</summary>
internal static class ItemActivity
{
    /// <summary>In words, not only in the icon's tooltip; the page script rewrites it through <c>data-lock-text-for</c>.</summary>
    public static Html LockState(string partNumber, ItemLock? current) =>
        Html.Of($"<p class=\"lock-state\" data-lock-text-for=\"{partNumber}\">{Layout.LockText(current)}</p>");

    public static Html Sessions(string partNumber, IReadOnlyList<EditSession> sessions)
    {
        if (sessions.Count == 0) return Html.Of($"<p class=\"hint\" data-sessions-empty>Nobody is editing {partNumber} now.</p>");
        var rows = Html.Join(sessions.Select(e => Html.Of($"""
            <tr><td>{e.User}</td><td><code>{e.ObjectId}</code></td><td>{ContextLevelName(e.ContextLevel)}</td><td>{e.Workstation}</td><td>{Layout.Time(e.AcquiredAt)}</td></tr>
            """)));
        return Html.Of($"""
            <table class="sessions">
              <thead><tr><th>Who</th><th>Object</th><th>Context</th><th>Workstation</th><th>Since</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            """);
    }

    public static Html Checkpoints(string partNumber, IReadOnlyList<CheckpointStore.Row> checkpoints)
    {
        if (checkpoints.Count == 0) return Html.Of($"<p class=\"hint\">No checkpoints of {partNumber} are kept.</p>");
        var rows = Html.Join(checkpoints.Select(c => Html.Of($"""
            <tr>
              <td>{Layout.Time(Storage.Time.FromStored(c.CreatedAt))}</td><td>{c.Username}</td><td>{c.Context.Replace('_', ' ')}</td>
              <td class="num">{c.Version}</td><td class="num">{Size(c.FileSize)}</td>
              <td><a href="{CheckpointDownload.Path(partNumber, c.Id)}" download>Download</a></td>
            </tr>
            """)));
        return Html.Of($"""
            <table class="checkpoints">
              <thead><tr><th>Taken</th><th>By</th><th>Context</th><th class="num">Version</th><th class="num">Size</th><th>File</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            """);
    }

    private static string ContextLevelName(string level) => level switch
    {
        ContextLevels.Sketch => "sketch",
        ContextLevels.PartDesign => "part design",
        ContextLevels.Assembly => "assembly",
        _ => level,
    };

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}
