using Silo.Client.Events;

namespace Silo.Client.Tests.Events;

public sealed class SseParserTests
{
    private static List<(string? Id, string Type, string Data)> Parse(params string[] lines)
    {
        var parser = new SseParser();
        return lines.Select(parser.Feed).OfType<SseMessage>().Select(m => (m.Id, m.Type, m.Data)).ToList();
    }

    [Fact]
    public void Feed_ServerFrame_DispatchesOnBlankLine()
    {
        Assert.Equal([("42", "item.locked", "{\"id\":42}")], Parse("id: 42", "event: item.locked", "data: {\"id\":42}", ""));
    }

    [Fact]
    public void Feed_CommentsAndRetry_AreIgnored()
    {
        Assert.Empty(Parse("retry: 2000", ": connected", "", ": keep-alive", ""));
    }

    [Fact]
    public void Feed_MultipleDataLines_JoinWithNewline()
    {
        Assert.Equal([(null, "message", "a\nb")], Parse("data: a", "data:b", ""));
    }

    [Fact]
    public void Feed_EventWithoutData_DoesNotLeakTypeIntoNext()
    {
        Assert.Equal([("2", "message", "x")], Parse("event: orphan", "", "id: 2", "data: x", ""));
    }
}
