using System.Net;
using Silo.Client.Errors;

namespace Silo.Cli.Output;

/// <summary>Turns any failure into its exit code and the single <c>silo: reason</c> line, never a stack trace.</summary>
internal static class ErrorReporter
{
    public static int Report(Exception e, TextWriter error)
    {
        var (code, reason) = Describe(e);
        error.WriteLine("silo: " + OneLine(reason));
        return code;
    }

    public static (int Code, string Reason) Describe(Exception e) => e switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled"),
        ItemLockedException { Holder: { } holder } => (ExitCodes.Locked, LockText.Refusal(holder.PartNumber, holder)),
        StaleBaseException { Head: { } head } => (ExitCodes.Locked,
            $"the server has a newer version, {LockText.Version(head)}, than the one your file was made from; nothing was committed: " +
            "check out the newer version and redo your change, or commit with --overwrite to replace it (theirs stays on the server)"),
        ConflictException conflict => (ExitCodes.Locked, conflict.Message),
        AuthException { StatusCode: HttpStatusCode.Unauthorized } => (ExitCodes.AuthRefused, "the server does not accept your token; run 'silo login' again"),
        AuthException auth => (ExitCodes.AuthRefused, "not allowed: " + auth.Message),
        NotFoundException notFound => (ExitCodes.NotFound, notFound.Message),
        ValidationException invalid => (ExitCodes.Validation, Validation(invalid)),
        UnavailableException unavailable => (ExitCodes.Unreachable, unavailable.Message),
        SiloApiException api => (ExitCodes.Failed, api.Message),
        InvalidDataException integrity => (ExitCodes.Integrity, integrity.Message),
        IOException or UnauthorizedAccessException => (ExitCodes.LocalFile, e.Message),
        _ => (ExitCodes.Failed, $"unexpected {e.GetType().Name}: {e.Message}"),
    };

    private static string Validation(ValidationException e) =>
        e.Errors.Count == 0 ? e.Message : string.Join("; ", e.Errors.SelectMany(kv => kv.Value.Select(m => $"{kv.Key}: {m}")));

    public static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
