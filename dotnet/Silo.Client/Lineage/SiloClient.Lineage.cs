using System.Globalization;
using Silo.Protocol.Lineage;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public Task<IReadOnlyList<ItemVersion>> ListVersionsAsync(string partNumber, string? fileHash = null, int? limit = null, CancellationToken ct = default)
    {
        var query = new List<string>(2);
        if (fileHash is not null) query.Add("file_hash=" + Uri.EscapeDataString(fileHash));
        if (limit is { } n) query.Add("limit=" + n.ToString(CultureInfo.InvariantCulture));
        var path = $"api/items/{Segment(partNumber, nameof(partNumber))}/versions" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
        return GetAsync<IReadOnlyList<ItemVersion>>(path, ct);
    }

    public async Task<string> DownloadVersionAsync(string partNumber, ItemVersion version, string destinationPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Kind == VersionKinds.Revision)
            return await DownloadRevisionAsync(partNumber, destinationPath, version.Revision, version.FileHash, progress: null, ct).ConfigureAwait(false);
        var checkpoint = await GetAsync<Checkpoint>(
            $"api/items/{Segment(partNumber, nameof(partNumber))}/checkpoints/{Segment(version.Id, nameof(version))}", ct).ConfigureAwait(false);
        var url = checkpoint.DownloadUrl ?? throw new Errors.SiloApiException($"The server gave no download address for {partNumber} {version.What}.");
        return await DownloadFileAsync(url, destinationPath, version.FileHash, ct).ConfigureAwait(false);
    }
}
