using System.Text;

namespace SiloMod.Core.Tests.Support;

/// <summary>What a series of kills of a <see cref="CoreProcess"/> did, counted, printed, and asserted all clean at once.</summary>
internal sealed class KillReport(string scenario)
{
    private readonly SortedDictionary<string, int> _killsByStep = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    public int Kills => _killsByStep.Values.Sum();

    /// <summary>"Overwrite or Skip?" about a file nobody edited.</summary>
    public int FalseConflicts { get; private set; }

    /// <summary>A push refused as stale, though every push was made on the head.</summary>
    public int PushConflicts { get; private set; }

    /// <summary>Errors that call an accepted or valid push refused.</summary>
    public int FalseRefusals { get; private set; }

    /// <summary>Temp files a kill left (expected: a kill is what leaves them).</summary>
    public int LeftoversAfterKills { get; set; }

    /// <summary>Of those, files still there once the next run had started.</summary>
    public int LeftoversSurvivingStart { get; set; }

    /// <summary>Temp files, or outbox files, left once the last run finished cleanly.</summary>
    public int LeftoversAfterRecovery { get; set; }

    /// <summary>Synced files whose bytes are no version on the server (half-written).</summary>
    public int PartialFiles { get; set; }

    /// <summary>Checkpoints the core said were queued that never reached the server.</summary>
    public int Lost { get; set; }

    /// <summary>File contents the server stored as more than one version.</summary>
    public int Duplicated { get; set; }

    /// <summary>Checkpoints on the server the core never said it queued.</summary>
    public int Unexpected { get; set; }

    /// <summary>A run was killed after <paramref name="step"/>; what it said counts.</summary>
    public void Killed(string step, CoreProcess process)
    {
        _killsByStep[step] = _killsByStep.GetValueOrDefault(step) + 1;
        Ran(process);
    }

    /// <summary>Counts what a run said: conflicts and errors.</summary>
    public void Ran(CoreProcess process)
    {
        FalseConflicts += process.Of("file_conflict").Count;
        PushConflicts += process.Of("push_conflict").Count;
        foreach (var error in process.Of("sync_error"))
        {
            var message = error.GetProperty("message").GetString() ?? "";
            _errors.Add(message);
            if (message.Contains("refused", StringComparison.OrdinalIgnoreCase)) FalseRefusals++;
        }
    }

    public void AssertClean(int minimumKills)
    {
        Assert.True(Kills >= minimumKills, $"only {Kills} kills\n{this}");
        Assert.True(
            (FalseConflicts, PushConflicts, FalseRefusals, _errors.Count, LeftoversSurvivingStart, LeftoversAfterRecovery, PartialFiles, Lost, Duplicated, Unexpected)
            == (0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            ToString());
    }

    public override string ToString()
    {
        var text = new StringBuilder($"{scenario}: {Kills} kills (");
        text.Append(string.Join(", ", _killsByStep.Select(k => $"{k.Key} {k.Value}"))).AppendLine(")");
        text.AppendLine($"  false conflicts {FalseConflicts}, push conflicts {PushConflicts}, false refusals {FalseRefusals}, errors {_errors.Count}");
        text.AppendLine($"  temp files left by the kills {LeftoversAfterKills}, still there after the next start {LeftoversSurvivingStart}, after recovery {LeftoversAfterRecovery}");
        text.AppendLine($"  partial files {PartialFiles}, lost {Lost}, duplicated {Duplicated}, unexpected {Unexpected}");
        foreach (var error in _errors.Distinct()) text.AppendLine("  error: " + error);
        return text.ToString();
    }
}
