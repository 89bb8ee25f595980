using Microsoft.AspNetCore.Mvc;

namespace Silo.Server.Files;

/// <summary>
/// The signature part of a presigned blob URL's query string (<c>?user=&amp;expires=&amp;sig=</c>),
/// as text: <see cref="PresignedUrls.Verify"/> decides whether it is valid. An upload URL also
/// carries the size it was signed for.
/// </summary>
public sealed record PresignedQuery(
    [FromQuery(Name = "user")] string? User = null,
    [FromQuery(Name = "expires")] string? Expires = null,
    [FromQuery(Name = "sig")] string? Sig = null);
