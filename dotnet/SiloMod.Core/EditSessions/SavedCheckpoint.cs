using Silo.Protocol.Checkpoints;

namespace SiloMod.Core.EditSessions;

/// <summary>The host saved the document a <see cref="SaveForCheckpoint"/> named: the file and its DAG, under the command's ticket.</summary>
public sealed record SavedCheckpoint(string Ticket, string FilePath, Dag? Dag);
