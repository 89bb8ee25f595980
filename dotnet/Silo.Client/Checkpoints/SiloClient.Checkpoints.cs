using System.Globalization;
using System.Net.Http.Headers;
using Silo.Protocol.Checkpoints;
using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Client.Http;
using Silo.Protocol.Lineage;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public async Task<CheckpointResult> PushCheckpointAsync(
        string partNumber, string filePath, string context, string? sessionId = null, Dag? dag = null, string? idempotencyKey = null,
        string? fileSha256 = null, PushLineage? lineage = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentException.ThrowIfNullOrEmpty(context);
        var item = Segment(partNumber, nameof(partNumber));
        // The server needs the hash before any byte moves: it may hold the blob already, and the
        // presigned URL is signed for exactly this hash and size. A caller that already hashed the
        // file (to tell whether it changed) passes it, and the upload is the file's only read; a
        // file pushed before and unchanged since is known by its stamp and not read at all.
        var (sha256, size) = fileSha256 is not null
            ? (fileSha256.ToLowerInvariant(), new FileInfo(filePath).Length)
            : await _hashes.HashAsync(filePath, ct).ConfigureAwait(false);
        var grant = await SendAsync<UploadGrant>(HttpMethod.Post, $"api/items/{item}/checkpoint/upload-url", new UploadUrlRequest(sha256, size), ct)
            .ConfigureAwait(false);
        if (!grant.AlreadyStored)
        {
            var url = grant.UploadUrl ?? throw new SiloApiException($"The server gave no upload URL for {partNumber} and does not hold {sha256}.");
            await UploadAsync(url, filePath, sha256, ct).ConfigureAwait(false);
        }

        using var request = Request(HttpMethod.Post, $"api/items/{item}/checkpoint", new CreateCheckpointRequest(sha256, size, context, sessionId, dag, lineage?.Base, lineage?.Overwrite == true ? true : null));
        // One key per push, so a transport-level retry of this POST cannot make a second checkpoint.
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString("N"));
        return await ExchangeAsync(request, content => ReadJsonAsync<CheckpointResult>(content, request, ct), ct).ConfigureAwait(false);
    }

    /// <summary>Streams the file to a presigned URL, hashing what is sent, and checks the server stored those bytes.</summary>
    private async Task UploadAsync(string url, string filePath, string expectedSha256, CancellationToken ct)
    {
        var stamp = FileStamp.Of(filePath);
        // The file system's clock, which stamps the file; not the injected one.
        var readStarted = DateTime.UtcNow.Ticks;
        var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        using var hashing = new HashingReadStream(file);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url, UriKind.RelativeOrAbsolute));
        request.Content = new StreamContent(hashing, 1 << 16);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentLength = file.Length;
        // The stream is read once; a retry would send an empty or partial body.
        request.Options.Set(SiloRequestOptions.NoRetry, true);
        var stored = await ExchangeAsync(request, content => ReadJsonAsync<UploadedFile>(content, request, ct), ct).ConfigureAwait(false);
        // The server refuses bytes that do not match the signed hash; this catches a server that did not.
        if (hashing.Sha256 != expectedSha256 || stored.Sha256 != expectedSha256)
            throw new SiloApiException($"{filePath} changed while it was uploaded (sent {hashing.Sha256 ?? "an incomplete file"}, expected {expectedSha256}).");
        // The upload read every byte: a hash the next push of the unchanged file can trust.
        _hashes.Record(filePath, stamp, expectedSha256, readStarted);
    }

    public async Task<Checkpoint?> GetLatestCheckpointAsync(string partNumber, CancellationToken ct = default) =>
        // The list, not /checkpoints/latest: its 404 could not tell "no checkpoint" from "no such item".
        await ListCheckpointsAsync(partNumber, limit: 1, ct).ConfigureAwait(false) is [var newest, ..] ? newest : null;

    public Task<IReadOnlyList<Checkpoint>> ListCheckpointsAsync(string partNumber, int? limit = null, CancellationToken ct = default)
    {
        var path = $"api/items/{Segment(partNumber, nameof(partNumber))}/checkpoints";
        if (limit is { } n) path += "?limit=" + n.ToString(CultureInfo.InvariantCulture);
        return GetAsync<IReadOnlyList<Checkpoint>>(path, ct);
    }

    public Task DeleteCheckpointAsync(string partNumber, string checkpointId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/items/{Segment(partNumber, nameof(partNumber))}/checkpoints/{Segment(checkpointId, nameof(checkpointId))}", body: null, ct);
}
