using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Silo.Bench.Checkpoints;

/// <summary>
/// A file as an HTTP body, SHA-256 hashed in the same pass that sends it: a client can check that
/// the bytes it sent are the bytes it asked an upload URL for, at no extra read.
/// </summary>
internal sealed class HashingFileContent : HttpContent
{
    private const int ChunkSize = 1024 * 1024;
    private readonly string _path;
    private readonly long _length;

    public HashingFileContent(string path)
    {
        _path = path;
        _length = new FileInfo(path).Length;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    /// <summary>Hex SHA-256 of what was sent; null until the body has been written.</summary>
    public string? Sha256 { get; private set; }

    /// <summary>Reads the file once, hashing every chunk and, when given, copying it to <paramref name="destination"/>.</summary>
    public static async Task<string> HashAsync(string path, Stream? destination, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, ChunkSize), ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                if (destination is not null) await destination.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        Sha256 = await HashAsync(_path, stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
