namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// Ids for the reservations the budget middleware makes: unique across calls and processes, in the RFC 9562 version 4
/// layout, without reading the OS random source per call. <see cref="Guid.NewGuid"/> reads it every time, a system
/// call that cost about 2 µs a call on a virtual machine, most of what a budget check costs. Each process draws 74
/// random bits once and counts the calls in the other 48 bits, so two processes sharing a store collide only if their
/// random parts do (one chance in 2^74).
/// </summary>
internal static class BudgetReservationIds
{
    private static readonly Guid ProcessPart = Guid.NewGuid();
    private static long _counter;

    /// <summary>A new reservation id.</summary>
    public static Guid Next()
    {
        var count = Interlocked.Increment(ref _counter);
        Span<byte> bytes = stackalloc byte[16];
        ProcessPart.TryWriteBytes(bytes);

        // The first six bytes (the Guid's a and b fields) count; the rest, version and variant included, stay random.
        bytes[0] = (byte)count;
        bytes[1] = (byte)(count >> 8);
        bytes[2] = (byte)(count >> 16);
        bytes[3] = (byte)(count >> 24);
        bytes[4] = (byte)(count >> 32);
        bytes[5] = (byte)(count >> 40);
        return new Guid(bytes);
    }
}
