using System.Diagnostics;
using System.Globalization;

namespace Silo.Bench.Harness;

/// <summary>
/// How busy the machine was while a run measured: the load average, and the share of the CPUs
/// that processes other than this one (and its server child, when told) used. On a shared machine
/// this says how much the figures can be trusted.
/// </summary>
internal sealed class MachineLoad
{
    private readonly (long Busy, long Total) _machineStart;
    private readonly long _ownStart;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly string _loadStart;

    private MachineLoad()
    {
        _machineStart = ReadMachine();
        _ownStart = ProcessTicks(Environment.ProcessId);
        _loadStart = LoadAverage();
    }

    public static MachineLoad Start() => new();

    /// <summary>One line: load average at start and end, and the CPU share used by others.</summary>
    /// <param name="alsoOurs">Child processes this run started (a server), counted as ours.</param>
    public string Describe(long alsoOursTicks = 0)
    {
        var (busy, total) = ReadMachine();
        var machineBusy = busy - _machineStart.Busy;
        var machineTotal = Math.Max(1, total - _machineStart.Total);
        var ours = ProcessTicks(Environment.ProcessId) - _ownStart + alsoOursTicks;
        var others = Math.Max(0, machineBusy - ours);
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"load average {_loadStart} at start, {LoadAverage()} at end; over {seconds:0} s the {Environment.ProcessorCount} CPUs were {100.0 * machineBusy / machineTotal:0}% busy, {100.0 * others / machineTotal:0}% of them with other processes' work");
    }

    /// <summary>User + system clock ticks of a process (and its reaped children), from /proc.</summary>
    public static long ProcessTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static (long Busy, long Total) ReadMachine()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var idle = cpu[3] + cpu[4];
            var total = cpu.Take(8).Sum();
            return (total - idle, total);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
