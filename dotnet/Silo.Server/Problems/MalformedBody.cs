namespace Silo.Server.Problems;

/// <summary>
/// Kestrel refuses most broken request framing with a BadHttpRequestException (a 400), but a chunk
/// size too large for its counter (<c>FFFFFFFFFFFFFFFF</c>) surfaces as a plain IOException wrapping
/// the OverflowException. That is still the client's fault, so it must not become a 500; an
/// IOException from anywhere else (a full disk) still is a server fault.
/// </summary>
internal static class MalformedBody
{
    private const string KestrelNamespace = "Microsoft.AspNetCore.Server.Kestrel";

    public static bool IsMalformedBody(Exception exception) =>
        exception is IOException { InnerException: OverflowException } io
        && io.TargetSite?.DeclaringType?.Namespace?.StartsWith(KestrelNamespace, StringComparison.Ordinal) == true;

    public static string Describe(Exception exception) =>
        $"The request body's chunked framing is malformed ({exception.Message.TrimEnd('.')}); nothing was read from it.";
}
