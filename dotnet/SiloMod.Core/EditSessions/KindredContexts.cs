namespace SiloMod.Core.EditSessions;

/// <summary>Classifies the context ids Kindred Create reports (the ones seen in its history; a sketch's is not documented).</summary>
public static class KindredContexts
{
    public const string BodyId = "partdesign.body";
    public const string FeatureId = "partdesign.feature";
    public const string BodyInAssemblyId = "partdesign.in_assembly";
    public const string AssemblyId = "assembly.edit";

    /// <summary>The key of <see cref="KindredContext.Details"/> naming the document the context belongs to.</summary>
    public const string DocumentKey = "document";

    /// <summary>
    /// What <paramref name="context"/> says about <paramref name="document"/>. Kindred follows the
    /// active document only: a context that names another one says nothing about this one.
    /// </summary>
    public static KindredContextKind Classify(KindredContext? context, string document)
    {
        if (context is null) return KindredContextKind.Unknown;
        if (context.Details is { } details && details.TryGetValue(DocumentKey, out var owner) && !string.IsNullOrEmpty(owner)
            && !string.Equals(owner, document, StringComparison.Ordinal))
            return KindredContextKind.Unknown;
        return context.Id switch
        {
            BodyId => KindredContextKind.Body,
            FeatureId => KindredContextKind.Feature,
            BodyInAssemblyId => KindredContextKind.BodyInAssembly,
            AssemblyId => KindredContextKind.Assembly,
            _ => KindredContextKind.Unknown,
        };
    }

    /// <summary>Kindred says an assembly is still being edited, whatever FreeCAD's edit mode shows for a moment.</summary>
    public static bool KeepsAssembly(this KindredContextKind kind) => kind is KindredContextKind.BodyInAssembly or KindredContextKind.Assembly;
}
