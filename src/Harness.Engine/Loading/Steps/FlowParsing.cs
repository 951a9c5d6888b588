using Harness.Engine.Model;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>Steps about the flow of a scenario rather than bytes: <c>repeat</c>, and the server side: <c>listen</c>, <c>accept</c>.</summary>
internal sealed partial class StepParser
{
    private const int MaxRepeatDepth = 16;
    private int _repeatDepth;

    private RepeatStep ParseRepeat(SourceLocation location, StepFields fields)
    {
        var (kind, node) = fields.OneOf(["times", "over"], "how often: `times: 3` or `over: [a, b]`");
        int? times = kind == "times" ? nodes.Integer(node, "times", 1, 1_000_000) : null;
        var over = kind == "over" ? nodes.Sequence(node, "over").Children.Select(item => ScenarioLoader.ParseTemplate(nodes, item, "an item of over", variables)).ToList() : null;
        if (over is { Count: 0 })
        {
            throw nodes.Error(node, "over: the list is empty; give at least one item");
        }

        var variable = fields.Optional("as") is { } asNode ? Name(asNode, "as") : "item";
        if (VariableRules.ReservedPrefixes.Contains(variable))
        {
            throw nodes.Error(fields.Optional("as")!, $"as: '{variable}' is reserved; choose another name");
        }

        var stepsNode = fields.Required("steps", "the steps to repeat, as a list");
        if (++_repeatDepth > MaxRepeatDepth)
        {
            throw nodes.Error(stepsNode, $"repeats nest more than {MaxRepeatDepth} deep");
        }

        var fresh = variables.Declare(variable);
        var steps = ParseSteps(nodes.Sequence(stepsNode, "steps"));
        _repeatDepth--;
        if (fresh)
        {
            variables.Forget(variable);
        }

        return new RepeatStep(location, times, over, variable, steps);
    }

    private ListenStep ParseListen(SourceLocation location, StepFields fields)
    {
        var address = ScenarioLoader.ParseTemplate(nodes, fields.Required("at", "a local address such as tcp://127.0.0.1:0"), "listen", variables);
        var name = Name(fields.Required("as", "a name for the listener, such as `as: srv`, for `accept` and ${listeners.srv.port}"), "as");
        if (variables.Listeners.Contains(name))
        {
            throw nodes.Error(fields.Optional("as")!, $"a listener named '{name}' is already open; choose another name");
        }

        var options = Options(fields);
        var faults = Faults(fields);
        variables.OpenListener(name);
        return new ListenStep(location, address, name, options) { Faults = faults };
    }

    private AcceptStep ParseAccept(SourceLocation location, StepFields fields)
    {
        string listener;
        if (fields.Optional("on") is { } onNode)
        {
            listener = nodes.NonEmptyText(onNode, "on");
            if (!variables.Listeners.Contains(listener))
            {
                throw nodes.Error(onNode, $"listener '{listener}' is not opened by an earlier `listen` with `as: {listener}`{(variables.Listeners.Count > 0 ? Suggestions.Hint(listener, variables.Listeners) : string.Empty)}");
            }
        }
        else
        {
            listener = variables.Listeners.Count switch
            {
                1 => variables.Listeners.Single(),
                0 => throw nodes.Error(fields.KeywordNode, "`accept` needs a listener first, such as `- listen: tcp://127.0.0.1:0` with `as: srv`"),
                _ => throw nodes.Error(fields.KeywordNode, $"several listeners are open ({string.Join(", ", variables.Listeners)}); say which with `on:`"),
            };
        }

        var name = fields.Optional("as") is { } asNode ? Name(asNode, "as") : Connections.Default;
        var timeout = fields.Optional("timeout") is { } t ? nodes.Duration(t, "timeout") : (TimeSpan?)null;
        variables.OpenConnection(name);
        return new AcceptStep(location, listener, name, timeout);
    }
}
