namespace Silo.Server.Events;

/// <summary>
/// Told after every commit that appended events. It must wake the streams of this instance and,
/// where several instances share one database, make the others wake theirs.
/// </summary>
public interface IEventCommitSignal
{
    void Committed();
}
