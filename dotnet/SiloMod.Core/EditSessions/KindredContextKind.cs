namespace SiloMod.Core.EditSessions;

/// <summary>What a Kindred Create context id says about the editing state, as far as SiloMod needs it.</summary>
public enum KindredContextKind
{
    /// <summary>An id Kindred does not document (a sketch's), none at all, or another document's: FreeCAD's own facts decide.</summary>
    Unknown,

    /// <summary><c>partdesign.body</c>: a body edited on its own, not inside an assembly.</summary>
    Body,

    /// <summary><c>partdesign.feature</c>: a feature's task; whether inside an assembly, Kindred does not say.</summary>
    Feature,

    /// <summary><c>partdesign.in_assembly</c>: a body edited inside an assembly, which is still being edited.</summary>
    BodyInAssembly,

    /// <summary><c>assembly.edit</c>: an assembly in edit mode.</summary>
    Assembly,
}
