using System.Collections.ObjectModel;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>A request's targets in the order they are tried, and the read-only view of them the routing hook sees. Immutable, so requests alike share one.</summary>
internal sealed class FailoverTargetList
{
    public FailoverTargetList(ResolvedFailoverTarget[] targets)
    {
        Items = targets;
        var targetsSeen = new FailoverTarget[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            targetsSeen[i] = targets[i].Target;
        }

        Public = new ReadOnlyCollection<FailoverTarget>(targetsSeen);
    }

    // Per target, the later targets' models on its gateway (see NativeFallbacksAfter), worked out on first use.
    private string[]?[]? _nativeFallbacks;

    public ResolvedFailoverTarget[] Items { get; }

    public IReadOnlyList<FailoverTarget> Public { get; }

    /// <summary>
    /// The models of the targets after <paramref name="index"/> on the same gateway, for gateways that fall back
    /// natively (Vercel <c>models</c>); <see langword="null"/> for none. The list is shared by requests alike, so the
    /// answer is kept (two threads may both work it out; they get equal arrays).
    /// </summary>
    public string[]? NativeFallbacksAfter(int index)
    {
        var known = Volatile.Read(ref _nativeFallbacks);
        if (known is null)
        {
            known = new string[]?[Items.Length];
            for (var i = 0; i < Items.Length; i++)
            {
                known[i] = Compute(Items, i) ?? [];
            }

            Volatile.Write(ref _nativeFallbacks, known);
        }

        return known[index] is { Length: > 0 } models ? models : null;

        static string[]? Compute(ResolvedFailoverTarget[] targets, int index)
        {
            var target = targets[index];
            List<string>? models = null;
            for (var j = index + 1; j < targets.Length; j++)
            {
                var later = targets[j];
                if (later.Key.Gateway == target.Key.Gateway && later.Key.Model != target.Key.Model && later.Target.ModelId is { } model)
                {
                    (models ??= []).Add(model);
                }
            }

            return models?.ToArray();
        }
    }
}
