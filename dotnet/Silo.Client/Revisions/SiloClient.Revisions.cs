using System.Globalization;
using System.Net.Http.Headers;
using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Client.Http;
using Silo.Protocol.Lineage;
using Silo.Protocol.Revisions;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public async Task<UploadedFile> UploadFileAsync(string partNumber, string filePath, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var path = $"api/items/{Segment(partNumber, nameof(partNumber))}/file";
        var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        using var hashing = new HashingReadStream(file);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Content = new StreamContent(hashing, 1 << 16);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentLength = file.Length;
        // The body is a stream read once: a retry would send nothing.
        request.Options.Set(SiloRequestOptions.NoRetry, true);
        var stored = await ExchangeAsync(request, content => ReadJsonAsync<UploadedFile>(content, request, ct), ct).ConfigureAwait(false);
        // The server hashes what it received; the client what it sent. A difference means the bytes
        // were altered on the way, and a revision must not be made from them.
        if (hashing.Sha256 is null || !string.Equals(hashing.Sha256, stored.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new SiloApiException($"{filePath} was stored as {stored.Sha256}, but the bytes sent hash to {hashing.Sha256 ?? "(incomplete)"}.");
        return stored;
    }

    public Task<Revision> CreateRevisionAsync(string partNumber, string fileHash, string? comment = null, PushLineage? lineage = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileHash);
        // Not repeatable: a second POST would make a second revision.
        return SendAsync<Revision>(HttpMethod.Post, $"api/items/{Segment(partNumber, nameof(partNumber))}/revisions",
            new CreateRevisionRequest(fileHash, comment, lineage?.Base, lineage?.Overwrite == true ? true : null), ct);
    }

    public Task<Revision> ReleaseRevisionAsync(string partNumber, int revision, CancellationToken ct = default) =>
        // Releasing twice answers the released revision again: safe to retry.
        SendAsync<Revision>(HttpMethod.Post,
            $"api/items/{Segment(partNumber, nameof(partNumber))}/revisions/{revision.ToString(CultureInfo.InvariantCulture)}/release", body: null, ct, repeatable: true);

    public Task<IReadOnlyList<Revision>> ListRevisionsAsync(string partNumber, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<Revision>>($"api/items/{Segment(partNumber, nameof(partNumber))}/revisions", ct);

    public Task<string> DownloadRevisionAsync(
        string partNumber, string destinationPath, int? revision = null, string? expectedSha256 = null, IProgress<DownloadProgress>? progress = null,
        CancellationToken ct = default)
    {
        var path = $"api/items/{Segment(partNumber, nameof(partNumber))}/file";
        if (revision is { } n) path += "?revision=" + n.ToString(CultureInfo.InvariantCulture);
        return DownloadCoreAsync(path, destinationPath, expectedSha256, progress, ct);
    }
}
