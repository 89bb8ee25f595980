namespace SiloMod.Core.EditSessions;

/// <summary>
/// Kindred Create's editing context as its SDK reports it (<c>kcsdk.current_context()</c>): the
/// context id and whatever else the dict held, as text. Raw: <see cref="KindredContexts"/> says what it means.
/// </summary>
/// <param name="Id">Kindred's context id (<c>partdesign.body</c>, <c>assembly.edit</c>, …).</param>
/// <param name="Details">The dict's other entries; its <c>document</c> names the document the context belongs to.</param>
public sealed record KindredContext(string Id, IReadOnlyDictionary<string, string>? Details = null);
