using System.Globalization;
using AiGateway.Client.Middleware.Budget;
using StackExchange.Redis;

namespace AiGateway.Client.Redis;

/// <summary>
/// An <see cref="IBudgetStore"/> in Redis, shared by every replica of an app: a budget holds across all of them.
/// Thread-safe; create one per Redis and share it.
/// </summary>
/// <remarks>
/// <para><b>Atomicity.</b> Reserve, settle, renew, release and usage are each one server-side Lua script, which Redis
/// runs alone: a reservation checks every rule it counts against and reserves on all or none, and concurrent
/// reservations from any number of replicas are serialized, each checked against all earlier ones.</para>
/// <para><b>Keys.</b> Per rule and scope key, <c>{prefix}:o:…</c> (a sorted set of open reservations, scored by when
/// their lease runs out) and <c>{prefix}:s:…</c> (a hash of settled spend per time slot: one per calendar window, or
/// 64 per rolling window, as in <see cref="InMemoryBudgetStore"/>); per reservation, <c>{prefix}:r:{id}</c> (its
/// amount and reservation time). Every key has a time to live, so nothing needs purging: spend slots live one window
/// plus a day, open sets one lease plus a day after their last write, reservation records one lease plus their
/// longest window after their last renewal.</para>
/// <para><b>Time.</b> Every time the store decides with comes from the Redis server's clock (<c>TIME</c>), not from any
/// replica's: a reservation's time (which decides the window its spend counts in), the window that contains "now",
/// and leases. <see cref="BudgetReservation.CreatedAt"/> and the <c>now</c> arguments are not used.</para>
/// <para><b>Leases, crash and late settle.</b> A reservation whose lease ran out (the replica died, hung, or never
/// settled) is dropped from its rules' open sets by the next script that touches them, so it stops counting one lease
/// after its last renewal. Its record stays until it expires (see Keys), so a settle that arrives late still adds the
/// actual cost to the slot of its reservation time, exactly once (the settle deletes the record). A release deletes
/// the record; a settle after that is a no-op.</para>
/// <para><b>Precision.</b> Amounts are kept as whole nano-dollars (10⁻⁹ USD): reserved and settled amounts are
/// rounded up and limits down, so rounding can only make a budget stricter. Amounts up to $9,000,000 per bucket.</para>
/// </remarks>
public sealed class RedisBudgetStore : IBudgetStore, IAsyncDisposable, IDisposable
{
    private const decimal NanosPerUsd = 1_000_000_000m;
    private const long MaxNanos = 9_000_000_000_000_000;
    private const long RollingSlots = 64;
    private static readonly TimeSpan ExtraTtl = TimeSpan.FromDays(1);

    // Shared by every script: the server's time in microseconds (plus the tests' offset), window starts, slot checks.
    private const string Common = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[1])
        local DAY = 86400000000
        local function fmt(x) return string.format('%.0f', x) end
        local function start_of(kind, span, at)
          if kind == 0 then return math.floor(at / DAY) * DAY end
          if kind == 1 then
            local z = math.floor(at / DAY)
            local days = z
            z = z + 719468
            local era = math.floor(z / 146097)
            local doe = z - era * 146097
            local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
            local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
            local mp = math.floor((5 * doy + 2) / 153)
            local d = doy - math.floor((153 * mp + 2) / 5) + 1
            return (days - d + 1) * DAY
          end
          return at - span
        end
        local function counts(kind, ts, start) if kind == 2 then return ts > start end return ts >= start end
        local function slot_of(kind, span, width, ts)
          if kind == 2 then return ts - (ts % width) end
          return start_of(kind, span, ts)
        end
        local function latest_of(kind, width, slot) if kind == 2 then return slot + width - 1 end return slot end
        -- Settled spend of a bucket in the window containing now (dropping slots that left it), and its oldest counted instant.
        local function settled_sum(key, kind, span, width, start)
          local sum, oldest = 0, nil
          local all = redis.call('HGETALL', key)
          for i = 1, #all, 2 do
            local slot = tonumber(all[i])
            local latest = latest_of(kind, width, slot)
            if counts(kind, latest, start) then
              sum = sum + tonumber(all[i + 1])
              if oldest == nil or latest < oldest then oldest = latest end
            else
              redis.call('HDEL', key, all[i])
            end
          end
          return sum, oldest
        end
        -- Open reservations of a bucket whose lease has not run out, reserved inside the window.
        local function reserved_sum(key, start, kind, prefix)
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
          local sum, oldest = 0, nil
          local ids = redis.call('ZRANGE', key, 0, -1)
          for _, id in ipairs(ids) do
            local r = redis.call('HMGET', prefix .. id, 'amt', 'ts')
            if r[1] then
              local ts = tonumber(r[2])
              if counts(kind, ts, start) then
                sum = sum + tonumber(r[1])
                if oldest == nil or ts < oldest then oldest = ts end
              end
            else
              redis.call('ZREM', key, id)
            end
          end
          return sum, oldest
        end
        """;

    // KEYS: record, then per charge: open set, spent hash. ARGV: offset, id, amount, lease, record ttl, record prefix,
    // open ttl, then per charge: kind, span, slot width, limit.
    private const string ReserveScript = Common + "\n" + """
        if redis.call('EXISTS', KEYS[1]) == 1 then return {-1} end
        local amount = tonumber(ARGV[3])
        local n = (#KEYS - 1) / 2
        for i = 1, n do
          local a = 7 + (i - 1) * 4
          local kind, span, width, limit = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
          local start = start_of(kind, span, now)
          local settled, so = settled_sum(KEYS[1 + i * 2], kind, span, width, start)
          local reserved, ro = reserved_sum(KEYS[i * 2], start, kind, ARGV[6])
          if settled + reserved + amount > limit then
            local oldest = so
            if ro ~= nil and (oldest == nil or ro < oldest) then oldest = ro end
            return {0, i, fmt(settled), fmt(reserved), oldest and fmt(oldest) or '', fmt(now)}
          end
        end
        local expires = now + tonumber(ARGV[4])
        for i = 1, n do
          redis.call('ZADD', KEYS[i * 2], expires, ARGV[2])
          redis.call('PEXPIRE', KEYS[i * 2], ARGV[7])
        end
        redis.call('HSET', KEYS[1], 'amt', ARGV[3], 'ts', fmt(now))
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return {1, fmt(now)}
        """;

    // KEYS: record, then per charge: open set, spent hash. ARGV: offset, id, amount, then per charge: kind, span, slot width, spent ttl.
    private const string SettleScript = Common + "\n" + """
        local r = redis.call('HMGET', KEYS[1], 'amt', 'ts')
        if not r[1] then return {} end
        local ts = tonumber(r[2])
        local n = (#KEYS - 1) / 2
        local out = {}
        for i = 1, n do
          local a = 3 + (i - 1) * 4
          local kind, span, width = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
          local start = start_of(kind, span, now)
          local before = settled_sum(KEYS[1 + i * 2], kind, span, width, start)
          local after = before
          redis.call('ZREM', KEYS[i * 2], ARGV[2])
          local slot = slot_of(kind, span, width, ts)
          -- Spend of a window that already passed is not added: nobody counts it any more.
          if counts(kind, latest_of(kind, width, slot), start) then
            redis.call('HINCRBY', KEYS[1 + i * 2], fmt(slot), ARGV[3])
            redis.call('PEXPIRE', KEYS[1 + i * 2], ARGV[a + 4])
            after = before + tonumber(ARGV[3])
          end
          out[#out + 1] = fmt(before)
          out[#out + 1] = fmt(after)
        end
        redis.call('DEL', KEYS[1])
        return out
        """;

    // KEYS: record, then per charge: open set. ARGV: offset, id, lease, record ttl, open ttl.
    private const string RenewScript = Common + "\n" + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        for i = 2, #KEYS do
          local score = redis.call('ZSCORE', KEYS[i], ARGV[2])
          if not score or tonumber(score) <= now then return 0 end
        end
        local expires = now + tonumber(ARGV[3])
        for i = 2, #KEYS do
          redis.call('ZADD', KEYS[i], 'XX', expires, ARGV[2])
          redis.call('PEXPIRE', KEYS[i], ARGV[5])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return 1
        """;

    // KEYS: record, then per charge: open set. ARGV: offset, id.
    private const string ReleaseScript = """
        for i = 2, #KEYS do redis.call('ZREM', KEYS[i], ARGV[2]) end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    // KEYS: open set, spent hash. ARGV: offset, record prefix, kind, span, slot width.
    private const string UsageScript = Common + "\n" + """
        local kind, span, width = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local start = start_of(kind, span, now)
        local settled, so = settled_sum(KEYS[2], kind, span, width, start)
        local reserved, ro = reserved_sum(KEYS[1], start, kind, ARGV[2])
        local oldest = so
        if ro ~= nil and (oldest == nil or ro < oldest) then oldest = ro end
        return {fmt(settled), fmt(reserved), oldest and fmt(oldest) or '', fmt(now)}
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly RedisBudgetStoreOptions _options;
    private readonly string _prefix;

    /// <summary>Creates a store over a connection the app owns (share one multiplexer per Redis across the app).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="options">Where the keys live; <see langword="null"/> for <c>{aigateway:budget}:*</c>.</param>
    /// <exception cref="ArgumentException">The key prefix is empty or holds a brace.</exception>
    public RedisBudgetStore(IConnectionMultiplexer connection, RedisBudgetStoreOptions? options = null)
        : this(connection, ownsConnection: false, options)
    {
    }

    private RedisBudgetStore(IConnectionMultiplexer connection, bool ownsConnection, RedisBudgetStoreOptions? options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _options = options ?? new RedisBudgetStoreOptions();
        if (string.IsNullOrWhiteSpace(_options.KeyPrefix) || _options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"Key prefix '{_options.KeyPrefix}' is empty or holds a brace; the store wraps it in a hash tag itself. Use for example 'aigateway:budget'.", nameof(options));
        }

        _connection = connection;
        _ownsConnection = ownsConnection;
        _prefix = "{" + _options.KeyPrefix + "}:";
    }

    /// <summary>Connects to Redis and creates a store that owns the connection (disposed with the store).</summary>
    /// <param name="configuration">The StackExchange.Redis configuration string (for example <c>localhost:6379</c>).</param>
    /// <param name="options">Where the keys live; <see langword="null"/> for <c>{aigateway:budget}:*</c>.</param>
    /// <returns>The store.</returns>
    public static async Task<RedisBudgetStore> ConnectAsync(string configuration, RedisBudgetStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        return new RedisBudgetStore(connection, ownsConnection: true, options);
    }

    private IDatabase Database => _connection.GetDatabase(_options.Database);

    private string OffsetArgument => ToMicros(_options.ClockOffset).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask<BudgetReservationResult> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        cancellationToken.ThrowIfCancellationRequested();
        var charges = reservation.Charges;
        var keys = new RedisKey[1 + (charges.Count * 2)];
        keys[0] = RecordKey(reservation.Id);
        var args = new RedisValue[7 + (charges.Count * 4)];
        args[0] = OffsetArgument;
        args[1] = Id(reservation.Id);
        args[2] = Nanos(reservation.AmountUsd, up: true);
        args[3] = ToMicros(reservation.Lease);
        args[4] = (long)RecordTtl(reservation).TotalMilliseconds;
        args[5] = _prefix + "r:";
        args[6] = (long)(reservation.Lease + ExtraTtl).TotalMilliseconds;
        for (var i = 0; i < charges.Count; i++)
        {
            keys[1 + (i * 2)] = OpenKey(charges[i]);
            keys[2 + (i * 2)] = SpentKey(charges[i]);
            var window = charges[i].Rule.Window;
            args[7 + (i * 4)] = Kind(window);
            args[8 + (i * 4)] = ToMicros(window.Duration);
            args[9 + (i * 4)] = SlotWidthMicros(window);
            args[10 + (i * 4)] = Nanos(charges[i].Rule.LimitUsd, up: false);
        }

        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(ReserveScript, keys, args).ConfigureAwait(false))!;
        var status = (long)result[0];
        if (status == 1)
        {
            return BudgetReservationResult.Reserved;
        }

        if (status == -1)
        {
            throw new InvalidOperationException($"Budget reservation {reservation.Id} is already held; create each reservation with a new id.");
        }

        var charge = charges[(int)(long)result[1] - 1];
        var oldest = Time((string?)result[4]);
        var now = Time((string?)result[5])!.Value;
        return BudgetReservationResult.Refused(charge, new BudgetUsage(Usd((string?)result[2]), Usd((string?)result[3]), charge.Rule.Window.GetResetTime(now, oldest)));
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var keys = new RedisKey[1 + reservation.Charges.Count];
        keys[0] = RecordKey(reservation.Id);
        for (var i = 0; i < reservation.Charges.Count; i++)
        {
            keys[1 + i] = OpenKey(reservation.Charges[i]);
        }

        RedisValue[] args =
        [
            OffsetArgument,
            Id(reservation.Id),
            ToMicros(reservation.Lease),
            (long)RecordTtl(reservation).TotalMilliseconds,
            (long)(reservation.Lease + ExtraTtl).TotalMilliseconds,
        ];
        var result = await Database.ScriptEvaluateAsync(RenewScript, keys, args).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<BudgetSettlement>> SettleAsync(BudgetReservation reservation, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualCostUsd);
        var charges = reservation.Charges;
        var keys = new RedisKey[1 + (charges.Count * 2)];
        keys[0] = RecordKey(reservation.Id);
        var args = new RedisValue[3 + (charges.Count * 4)];
        args[0] = OffsetArgument;
        args[1] = Id(reservation.Id);
        args[2] = Nanos(actualCostUsd, up: true);
        for (var i = 0; i < charges.Count; i++)
        {
            keys[1 + (i * 2)] = OpenKey(charges[i]);
            keys[2 + (i * 2)] = SpentKey(charges[i]);
            var window = charges[i].Rule.Window;
            args[3 + (i * 4)] = Kind(window);
            args[4 + (i * 4)] = ToMicros(window.Duration);
            args[5 + (i * 4)] = SlotWidthMicros(window);
            args[6 + (i * 4)] = (long)(WindowLength(window) + ExtraTtl).TotalMilliseconds;
        }

        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(SettleScript, keys, args).ConfigureAwait(false))!;
        if (result.Length == 0)
        {
            return [];
        }

        var settlements = new BudgetSettlement[charges.Count];
        for (var i = 0; i < charges.Count; i++)
        {
            settlements[i] = new BudgetSettlement(charges[i], Usd((string?)result[i * 2]), Usd((string?)result[(i * 2) + 1]));
        }

        return settlements;
    }

    /// <inheritdoc />
    /// <remarks>Releasing an expired reservation deletes its record (it already counted nothing): a settle after that is a no-op.</remarks>
    public async ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var keys = new RedisKey[1 + reservation.Charges.Count];
        keys[0] = RecordKey(reservation.Id);
        for (var i = 0; i < reservation.Charges.Count; i++)
        {
            keys[1 + i] = OpenKey(reservation.Charges[i]);
        }

        await Database.ScriptEvaluateAsync(ReleaseScript, keys, [OffsetArgument, Id(reservation.Id)]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The window is the one that contains the Redis server's current time; <paramref name="now"/> is not used.</remarks>
    public async ValueTask<BudgetUsage> GetUsageAsync(BudgetRule rule, string scopeKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(scopeKey);
        var charge = new BudgetCharge(rule, scopeKey);
        RedisKey[] keys = [OpenKey(charge), SpentKey(charge)];
        RedisValue[] args = [OffsetArgument, _prefix + "r:", Kind(rule.Window), ToMicros(rule.Window.Duration), SlotWidthMicros(rule.Window)];
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(UsageScript, keys, args).ConfigureAwait(false))!;
        var serverNow = Time((string?)result[3])!.Value;
        return new BudgetUsage(Usd((string?)result[0]), Usd((string?)result[1]), rule.Window.GetResetTime(serverNow, Time((string?)result[2])));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    private static string Id(Guid id) => id.ToString("N");

    private static long ToMicros(TimeSpan span) => span.Ticks / 10;

    private static int Kind(BudgetWindow window) => window.Kind switch
    {
        BudgetWindowKind.Day => 0,
        BudgetWindowKind.Month => 1,
        _ => 2,
    };

    private static long SlotWidthMicros(BudgetWindow window) =>
        Math.Max(1_000_000, ToMicros(window.Duration) / RollingSlots);

    /// <summary>The longest a window can be: what a spend slot must outlive.</summary>
    private static TimeSpan WindowLength(BudgetWindow window) => window.Kind switch
    {
        BudgetWindowKind.Day => TimeSpan.FromDays(1),
        BudgetWindowKind.Month => TimeSpan.FromDays(31),
        _ => window.Duration + TimeSpan.FromTicks(SlotWidthMicros(window) * 10),
    };

    /// <summary>How long a reservation's record lives after its last write: its lease, then as long as any of its windows could still count it.</summary>
    private static TimeSpan RecordTtl(BudgetReservation reservation) =>
        reservation.Lease + reservation.Charges.Max(c => WindowLength(c.Rule.Window)) + ExtraTtl;

    private static long Nanos(decimal usd, bool up)
    {
        var nanos = usd * NanosPerUsd;
        nanos = up ? Math.Ceiling(nanos) : Math.Floor(nanos);
        return nanos >= MaxNanos ? MaxNanos : (long)nanos;
    }

    private static decimal Usd(string? nanos) =>
        string.IsNullOrEmpty(nanos) ? 0m : long.Parse(nanos, NumberStyles.Integer, CultureInfo.InvariantCulture) / NanosPerUsd;

    private static DateTimeOffset? Time(string? micros) =>
        string.IsNullOrEmpty(micros) ? null : DateTimeOffset.UnixEpoch.AddTicks(long.Parse(micros, NumberStyles.Integer, CultureInfo.InvariantCulture) * 10);

    private RedisKey RecordKey(Guid id) => _prefix + "r:" + Id(id);

    private RedisKey OpenKey(BudgetCharge charge) => BucketKey("o:", charge);

    private RedisKey SpentKey(BudgetCharge charge) => BucketKey("s:", charge);

    // The rule name's length keeps "a:b" + "c" apart from "a" + "b:c".
    private RedisKey BucketKey(string kind, BudgetCharge charge) =>
        string.Create(CultureInfo.InvariantCulture, $"{_prefix}{kind}{charge.Rule.Name.Length}:{charge.Rule.Name}:{charge.ScopeKey}");
}
