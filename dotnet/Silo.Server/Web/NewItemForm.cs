namespace Silo.Server.Web;

/// <summary>The items page's "New item" form: what was typed and what was wrong with it, so a refusal re-renders it filled in.</summary>
internal sealed record NewItemForm(string PartNumber, string Category, string Project, string Description, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly NewItemForm Empty = new("", "", "", "", new Dictionary<string, string[]>());

    // The API's rules name fields as the wire does; the form says them as its labels do.
    private static readonly (string Field, string Label)[] Fields =
        [("part_number", "Part number"), ("category", "Category"), ("project", "Project"), ("description", "Description")];

    /// <summary>Trimmed: a space typed at either end is never meant, and would only be refused.</summary>
    public static NewItemForm From(IFormCollection form) =>
        new(form["part_number"].ToString().Trim(), form["category"].ToString().Trim(), form["project"].ToString().Trim(),
            form["description"].ToString().Trim(), new Dictionary<string, string[]>());

    public Html Render(WebUser user)
    {
        if (!user.CanEdit) return Html.Empty;
        var values = new Dictionary<string, string>
        {
            ["part_number"] = PartNumber, ["category"] = Category, ["project"] = Project, ["description"] = Description,
        };
        var inputs = Html.Join(Fields.Select(f => Input(f.Field, f.Label, values[f.Field])));
        // Open when it holds something to fix, so the errors are seen without a click.
        var open = Errors.Count > 0 ? new Html(" open") : Html.Empty;
        var summary = Errors.Count > 0
            ? Html.Of($"<p class=\"error\" role=\"alert\">The item was not created. Fix what is marked below and create it again.</p>")
            : Html.Empty;
        return Html.Of($"""
            <details class="new-item"{open}>
              <summary>New item</summary>
              {summary}
              <form method="post" action="/items" class="new-item-form">
                {Layout.CsrfInput(user)}
                {inputs}
                <div><button type="submit">Create item</button></div>
              </form>
            </details>
            """);
    }

    private Html Input(string field, string label, string value)
    {
        var id = "new-" + field.Replace('_', '-');
        var errors = Errors.TryGetValue(field, out var messages) ? messages : [];
        var invalid = errors.Length > 0 ? Html.Of($" aria-invalid=\"true\" aria-describedby=\"{id}-error\"") : Html.Empty;
        // Always there, empty when fine, so every field keeps its row in the form's grid.
        var text = string.Join(" ", errors.Select(e => Say(field, label, e)));
        return Html.Of($"""
            <label for="{id}">{label}</label>
            <input id="{id}" name="{field}" value="{value}"{invalid}{(field == "description" ? Html.Empty : new Html(" required"))}>
            <span class="field-error" id="{id}-error">{text}</span>
            """);
    }

    private static string Say(string field, string label, string message) =>
        message.StartsWith(field, StringComparison.Ordinal) ? label + message[field.Length..] : message;
}
