using Silo.Server.Items;
using Silo.Server.Revisions;

namespace Silo.Server.Web;

/// <summary>The Release button of a draft revision on the item page.</summary>
internal static class ReleaseAction
{
    public static string Path(string partNumber, int revision) => $"{Layout.ItemPath(partNumber)}/revisions/{revision}/release";

    /// <summary>The same call as POST /api/items/{pn}/revisions/{n}/release, so subscribers hear of it as they would from the API.</summary>
    public static async Task<IResult> Post(string partNumber, int revision, HttpContext http, ItemStore items, RevisionRelease release,
        [AsParameters] ItemDetailSources sources, CancellationToken ct)
    {
        var user = http.WebUser();
        if (!user.CanEdit) return PageChange.NotAllowed(user, "release revisions");
        return await PageChange.RunAsync(partNumber, user, items, sources, (s, item) => release.ReleaseAsync(s, item, revision, user.User, ct), ct);
    }

    /// <summary>A button for editors on draft rows only; released rows say who released them and when.</summary>
    public static Html Cell(string partNumber, Revision revision, WebUser user)
    {
        if (revision.Status == RevisionStatuses.Released)
            return Html.Of($"<td class=\"hint\">{revision.ReleasedBy} · {(revision.ReleasedAt is { } at ? Layout.Time(at) : "")}</td>");
        if (!user.CanEdit) return Html.Of($"<td></td>");
        return Html.Of($"""
            <td><form method="post" action="{Path(partNumber, revision.Number)}" class="inline">{Layout.CsrfInput(user)}<button type="submit" aria-label="Release revision {revision.Number}">Release</button></form></td>
            """);
    }
}
