using System.Net.Http.Headers;
using Silo.Bench.Fanout;

namespace Silo.Bench.Team;

/// <summary>One workstation of the team: its user's token, its id, its open event stream.</summary>
internal sealed class TeamMember(int index, AuthenticationHeaderValue auth, string workstationId)
{
    public int Index { get; } = index;

    public AuthenticationHeaderValue Auth { get; } = auth;

    public string WorkstationId { get; } = workstationId;

    public RawEventStream? Stream { get; set; }
}
