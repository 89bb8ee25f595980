using System.Runtime.InteropServices;

namespace Silo.Client.Files;

/// <summary>
/// What identifies a file's current bytes without reading them, as version-control tools keep it
/// in their index: which file (device and inode), its size, and its modification and change times.
/// Any write changes the size or the times (the change time cannot be set back by a program), and
/// a file replaced by another (a save by rename) has another inode.
/// </summary>
public readonly record struct FileStamp(ulong Device, ulong Inode, long Size, long ModifiedTicks, long ChangedTicks)
{
    /// <summary>The file's stamp now; null when it cannot be read (the file is gone).</summary>
    public static FileStamp? Of(string path)
    {
        if (OperatingSystem.IsLinux() && LinuxStat.TryRead(path, out var stamp)) return stamp;
        var info = new FileInfo(path);
        if (!info.Exists) return null;
        // Without inode and change time (other systems), the creation time stands in for identity.
        return new FileStamp(0, 0, info.Length, info.LastWriteTimeUtc.Ticks, info.CreationTimeUtc.Ticks);
    }

    /// <summary>statx(2): its layout is the same on every Linux architecture, unlike stat's.</summary>
    private static partial class LinuxStat
    {
        private const int AtFdCwd = -100;
        private const uint BasicStats = 0x7ff;

        [StructLayout(LayoutKind.Sequential)]
        private struct Timestamp
        {
            public long Seconds;
            public uint Nanoseconds;
            public int Reserved;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct Statx
        {
            public uint Mask;
            public uint BlockSize;
            public ulong Attributes;
            public uint Links;
            public uint Uid;
            public uint Gid;
            public ushort Mode;
            public ushort Spare0;
            public ulong Inode;
            public ulong Size;
            public ulong Blocks;
            public ulong AttributesMask;
            public Timestamp Accessed;
            public Timestamp Born;
            public Timestamp Changed;
            public Timestamp Modified;
            public uint RdevMajor;
            public uint RdevMinor;
            public uint DevMajor;
            public uint DevMinor;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 14)]
            public ulong[] Spare2;
        }

        [DllImport("libc", EntryPoint = "statx", SetLastError = true, CharSet = CharSet.Ansi)]
        private static extern int NativeStatx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out Statx result);

        public static bool TryRead(string path, out FileStamp stamp)
        {
            stamp = default;
            try
            {
                if (NativeStatx(AtFdCwd, Path.GetFullPath(path), 0, BasicStats, out var s) != 0) return false;
                stamp = new FileStamp(((ulong)s.DevMajor << 32) | s.DevMinor, s.Inode, (long)s.Size, Ticks(s.Modified), Ticks(s.Changed));
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // An old C library without statx: fall back to what .NET tells.
                return false;
            }
        }

        private static long Ticks(Timestamp t) => (t.Seconds * TimeSpan.TicksPerSecond) + (t.Nanoseconds / 100);
    }
}
