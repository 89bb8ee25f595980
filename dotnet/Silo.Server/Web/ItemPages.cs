using Silo.Server.Locks;

namespace Silo.Server.Web;

/// <summary>The routes of the item pages and the lock icon they share.</summary>
internal static class ItemPages
{
    public static RouteGroupBuilder MapItemPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/items", ItemsPage.List);
        pages.MapPost("/items", ItemsPage.Create);
        pages.MapGet("/items/{partNumber}", ItemDetailPage.Show);
        pages.MapPost("/items/{partNumber}/lock", LockActions.Lock);
        pages.MapPost("/items/{partNumber}/unlock", LockActions.Unlock);
        pages.MapPost("/items/{partNumber}/revisions/{revision:int}/release", ReleaseAction.Post);
        pages.MapGet("/items/{partNumber}/checkpoints/{checkpointId}/file", CheckpointDownload.Get);
        return pages;
    }

    /// <summary>The lock icon, kept up to date by the page script through <c>data-lock-for</c>.</summary>
    internal static Html LockCell(string partNumber, ItemLock? current, string element) =>
        current is null
            ? Html.Of($"<{element} class=\"lock\" data-lock-for=\"{partNumber}\"></{element}>")
            : Html.Of($"<{element} class=\"lock\" data-lock-for=\"{partNumber}\" title=\"{Layout.LockTitle(current.LockedBy, current.LockedAt)}\">🔒</{element}>");
}
