namespace SiloMod.Core.Persistence;

/// <summary>What went wrong writing to the local disk, told apart so the user reads "the disk is full", not an errno.</summary>
internal enum StorageFailure
{
    /// <summary>Not a failure of the local disk.</summary>
    None,

    /// <summary>No space left (or the user's quota is used up).</summary>
    Full,

    /// <summary>The file system is mounted read-only.</summary>
    ReadOnly,

    /// <summary>The folder or file may not be written by this user.</summary>
    Denied,

    /// <summary>Another input/output error of the local disk.</summary>
    Other,
}

internal static class StorageFailures
{
    // .NET puts the raw errno (Unix) or the Win32 error as HRESULT (Windows) into IOException.HResult.
    private const int UnixNoSpace = 28;
    private const int LinuxQuota = 122;
    private const int MacQuota = 69;
    private const int UnixReadOnly = 30;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsWriteProtect = unchecked((int)0x80070013);

    public static StorageFailure Classify(Exception e) => e switch
    {
        UnauthorizedAccessException => StorageFailure.Denied,
        IOException { HResult: UnixNoSpace or WindowsDiskFull or WindowsHandleDiskFull } => StorageFailure.Full,
        IOException { HResult: LinuxQuota } when OperatingSystem.IsLinux() => StorageFailure.Full,
        IOException { HResult: MacQuota } when OperatingSystem.IsMacOS() => StorageFailure.Full,
        IOException { HResult: UnixReadOnly or WindowsWriteProtect } => StorageFailure.ReadOnly,
        IOException { InnerException: System.Net.Sockets.SocketException } => StorageFailure.None,
        IOException => StorageFailure.Other,
        _ => StorageFailure.None,
    };

    public static bool IsLocal(Exception e) => Classify(e) != StorageFailure.None;

    /// <summary>"the disk holding /home/bob/SiloMod/state is full", or the system's own words for other failures.</summary>
    public static string Describe(Exception e, string folder) => Classify(e) switch
    {
        StorageFailure.Full => $"the disk holding {folder} is full",
        StorageFailure.ReadOnly => $"the disk holding {folder} is read-only",
        StorageFailure.Denied => $"{folder} may not be written to ({e.Message})",
        _ => e.Message,
    };
}
