// Why this file is long: the whole IBudgetStore contract (reserve, settle, renew, release, usage, purge) over one table and its SQL, whose statements share the bucket locking and clock-offset handling.
using System.Collections.Concurrent;
using System.Data;
using System.Text.RegularExpressions;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Middleware.Budget;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace AiGateway.Client.Postgres;

/// <summary>
/// An <see cref="IBudgetStore"/> in PostgreSQL, shared by every replica of an app: a budget holds across all of
/// them. Thread-safe; create one per database and share it.
/// </summary>
/// <remarks>
/// <para><b>Tables.</b> <c>{prefix}_buckets</c> has one row per rule name and scope key and exists to be locked;
/// <c>{prefix}_entries</c> has one row per reservation and bucket (reservation time, amount, settled or not). Both are
/// created on first use when missing (<see cref="PostgresBudgetStoreOptions.CreateTables"/>), under an advisory lock
/// so replicas starting together do not race.</para>
/// <para><b>Why concurrent reservations cannot overspend.</b> A reservation is one READ COMMITTED transaction that
/// first locks the bucket rows of all its rules with <c>SELECT … ORDER BY … FOR UPDATE</c> (sorted, so two
/// reservations never wait on each other in a cycle), and only then runs one statement that sums the bucket's entries
/// in the window and inserts the new entries if every rule has room. That statement starts after the locks are held,
/// so it sees every entry committed by whoever held them before; and the new entries are committed before the locks
/// are released. Reservations on a bucket are therefore serialized, each checked against all earlier ones, and a
/// reservation touches all of its buckets or none (one transaction). Settling changes amounts under the same locks;
/// releasing only deletes (which can only make room).</para>
/// <para><b>Time.</b> Every time the store decides with comes from the database's clock (<c>clock_timestamp()</c>),
/// not from any replica's: a reservation's time (which decides the window its spend counts in), the window that
/// contains "now", and leases. <see cref="BudgetReservation.CreatedAt"/> and the <c>now</c> arguments are not used
/// to decide anything, so replicas whose clocks drift still agree.</para>
/// <para><b>Leases, crash and late settle.</b> Each entry carries <c>lease_expires_at</c> (database time plus
/// <see cref="BudgetReservation.Lease"/>), moved forward by <see cref="RenewAsync"/>. An unsettled entry whose lease
/// has passed no longer counts: a replica that dies holding a reservation holds that budget for at most one lease,
/// and the next reservation is admitted as soon as it passes. The expired row is kept (it is not counted), so a
/// settle that arrives late still turns it into spend, exactly once (<c>UPDATE … WHERE NOT settled</c> under the
/// bucket locks); a release deletes it. Renewing takes the bucket locks, so it cannot revive a lease that a
/// concurrent reservation already treated as expired.</para>
/// <para><b>Retention.</b> Entries reserved longer ago than <see cref="PostgresBudgetStoreOptions.Retention"/> (database
/// time) are deleted every <see cref="PostgresBudgetStoreOptions.PurgeInterval"/> by each store instance; set the
/// interval to <see langword="null"/> to turn this off and call <see cref="PurgeAsync"/> yourself. A late settle of a
/// reservation already purged is lost, so keep the retention longer than every rule's window and any call.</para>
/// </remarks>
public sealed partial class PostgresBudgetStore : IBudgetStore, IAsyncDisposable, IDisposable
{
    private const int KnownBucketLimit = 100_000;

    /// <summary>The database's time (plus the tests' offset), read once per statement through <c>t.now</c>.</summary>
    private const string Now = "(clock_timestamp() + @clock_offset)";

    /// <summary>Each charge with the start of its window at the database's time: UTC day, UTC month or rolling duration.</summary>
    private const string ChargeWindows = """
        SELECT c.rule_name, c.scope_key, c.kind, c.limit_usd, c.ord, t.now,
               CASE c.kind WHEN 0 THEN date_trunc('day', t.now, 'UTC')
                           WHEN 1 THEN date_trunc('month', t.now, 'UTC')
                           ELSE t.now - c.span END AS win_start
        FROM unnest(@rules, @keys, @kinds, @spans, @limits) WITH ORDINALITY AS c(rule_name, scope_key, kind, span, limit_usd, ord), t
        """;

    /// <summary>Whether entry <c>e</c> counts in charge <c>c</c>'s window (calendar windows include their first instant).</summary>
    private const string InWindow = "(e.reserved_at > c.win_start OR (c.kind <> 2 AND e.reserved_at = c.win_start))";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly ILogger _logger;
    private readonly PostgresBudgetStoreOptions _options;
    private readonly ConcurrentDictionary<(string Rule, string Key), byte> _knownBuckets = new();
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private readonly string _buckets;
    private readonly string _entries;
    private volatile bool _created;
    private readonly ITimer? _purgeTimer;
    private int _purging;

    /// <summary>Creates a store over a data source the app owns.</summary>
    /// <param name="dataSource">The data source (for example from <c>NpgsqlDataSource.Create(connectionString)</c>).</param>
    /// <param name="options">Where the tables live; <see langword="null"/> for <c>public.aigateway_budget_*</c>.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The schema or table prefix is not a plain lower-case identifier.</exception>
    public PostgresBudgetStore(NpgsqlDataSource dataSource, PostgresBudgetStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(dataSource, ownsDataSource: false, options, loggerFactory)
    {
    }

    /// <summary>Creates a store that opens its own connections.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="options">Where the tables live; <see langword="null"/> for <c>public.aigateway_budget_*</c>.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The schema or table prefix is not a plain lower-case identifier.</exception>
    public PostgresBudgetStore(string connectionString, PostgresBudgetStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(NpgsqlDataSource.Create(connectionString ?? throw new ArgumentNullException(nameof(connectionString))), ownsDataSource: true, options, loggerFactory)
    {
    }

    private PostgresBudgetStore(NpgsqlDataSource dataSource, bool ownsDataSource, PostgresBudgetStoreOptions? options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _options = options ?? new PostgresBudgetStoreOptions();
        if (!Identifier().IsMatch(_options.Schema) || _options.Schema.Length > 63)
        {
            throw new ArgumentException($"Schema '{_options.Schema}' is not a plain identifier: use lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters.", nameof(options));
        }

        if (!Identifier().IsMatch(_options.TablePrefix) || _options.TablePrefix.Length > 40)
        {
            throw new ArgumentException($"Table prefix '{_options.TablePrefix}' is not a plain identifier: use lower-case letters, digits and underscores, starting with a letter or underscore, at most 40 characters.", nameof(options));
        }

        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresBudgetStore>();
        _buckets = $"\"{_options.Schema}\".\"{_options.TablePrefix}_buckets\"";
        _entries = $"\"{_options.Schema}\".\"{_options.TablePrefix}_entries\"";
        _created = !_options.CreateTables;
        if (_options.Retention <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Retention {_options.Retention} is not positive; keep entries at least as long as every rule's window (default 62 days).", nameof(options));
        }

        if (_options.PurgeInterval is { } interval)
        {
            if (interval <= TimeSpan.Zero)
            {
                throw new ArgumentException($"Purge interval {interval} is not positive; use null to turn the scheduled purge off.", nameof(options));
            }

            _purgeTimer = TimeProvider.System.CreateTimer(static state => ((PostgresBudgetStore)state!).PurgeOnSchedule(), this, interval, interval);
        }
    }

    /// <summary>Creates the schema and tables if they are missing (done on first use unless <see cref="PostgresBudgetStoreOptions.CreateTables"/> is off).</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the tables exist.</returns>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionDisposal = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionDisposal = transaction.ConfigureAwait(false);

            // Serializes table creation across replicas: concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@name))", cancellationToken, ("name", $"aigateway-budget:{_options.Schema}.{_options.TablePrefix}")).ConfigureAwait(false);
            var exists = new NpgsqlCommand("SELECT 1 FROM pg_namespace WHERE nspname = @schema", connection, transaction);
            await using (exists.ConfigureAwait(false))
            {
                exists.Parameters.AddWithValue("schema", _options.Schema);
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    // Only when missing: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
                    await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS \"{_options.Schema}\"", cancellationToken).ConfigureAwait(false);
                }
            }

            await ExecuteAsync(connection, transaction, $"""
                CREATE TABLE IF NOT EXISTS {_buckets} (
                    rule_name text NOT NULL,
                    scope_key text NOT NULL,
                    PRIMARY KEY (rule_name, scope_key));
                CREATE TABLE IF NOT EXISTS {_entries} (
                    reservation_id uuid NOT NULL,
                    rule_name text NOT NULL,
                    scope_key text NOT NULL,
                    reserved_at timestamptz NOT NULL,
                    amount_usd numeric NOT NULL CHECK (amount_usd >= 0),
                    settled boolean NOT NULL DEFAULT false,
                    lease_expires_at timestamptz,
                    PRIMARY KEY (reservation_id, rule_name, scope_key));
                ALTER TABLE {_entries} ADD COLUMN IF NOT EXISTS lease_expires_at timestamptz;
                CREATE INDEX IF NOT EXISTS "{_options.TablePrefix}_entries_bucket_time" ON {_entries} (rule_name, scope_key, reserved_at);
                CREATE INDEX IF NOT EXISTS "{_options.TablePrefix}_entries_time" ON {_entries} (reserved_at);
                """, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
            AiGatewayLog.PostgresBudgetTablesEnsured(_logger, _options.Schema, _options.TablePrefix);
        }
        finally
        {
            _createGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<BudgetReservationResult> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var charges = new ChargeArrays(reservation.Charges);
        await EnsureBucketsAsync(reservation.Charges, charges, cancellationToken).ConfigureAwait(false);

        for (var attempt = 0; ; attempt++)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionDisposal = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using var transactionDisposal = transaction.ConfigureAwait(false);
            var locked = await LockBucketsAsync(connection, transaction, charges, cancellationToken).ConfigureAwait(false);
            if (locked != charges.Count)
            {
                // A bucket row this process believed in is gone (tables recreated): create it outside the lock and retry.
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                _knownBuckets.Clear();
                if (attempt > 0)
                {
                    throw new InvalidOperationException($"Budget store {_buckets}: bucket rows could not be created; check the tables and the user's privileges.");
                }

                await EnsureBucketsAsync(reservation.Charges, charges, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // One statement, started after the locks are held: sums each bucket's window and inserts only if all fit.
            var command = new NpgsqlCommand($"""
                WITH t AS (SELECT {Now} AS now),
                c AS ({ChargeWindows}),
                s AS (
                    SELECT c.ord, c.rule_name, c.scope_key, c.limit_usd, c.now,
                           COALESCE(SUM(e.amount_usd) FILTER (WHERE e.settled), 0) AS settled,
                           COALESCE(SUM(e.amount_usd) FILTER (WHERE NOT e.settled AND e.lease_expires_at > c.now), 0) AS reserved,
                           MIN(e.reserved_at) FILTER (WHERE e.settled OR e.lease_expires_at > c.now) AS oldest
                    FROM c LEFT JOIN {_entries} e
                      ON e.rule_name = c.rule_name AND e.scope_key = c.scope_key AND {InWindow}
                    GROUP BY c.ord, c.rule_name, c.scope_key, c.limit_usd, c.now),
                ok AS (SELECT bool_and(s.settled + s.reserved + @amount <= s.limit_usd) AS fits FROM s),
                ins AS (
                    INSERT INTO {_entries} (reservation_id, rule_name, scope_key, reserved_at, amount_usd, settled, lease_expires_at)
                    SELECT @id, s.rule_name, s.scope_key, s.now, @amount, false, s.now + @lease FROM s, ok WHERE ok.fits
                    RETURNING 1)
                SELECT s.ord, s.settled, s.reserved, s.oldest, ok.fits, (SELECT count(*) FROM ins), s.now
                FROM s, ok ORDER BY s.ord
                """, connection, transaction);
            await using var commandDisposal = command.ConfigureAwait(false);
            charges.AddTo(command.Parameters, withLimits: true);
            AddClockOffset(command.Parameters);
            command.Parameters.Add(new NpgsqlParameter<decimal>("amount", NpgsqlDbType.Numeric) { TypedValue = reservation.AmountUsd });
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = reservation.Id });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", NpgsqlDbType.Interval) { TypedValue = reservation.Lease });

            BudgetReservationResult? refused = null;
            try
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using var readerDisposal = reader.ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var index = (int)reader.GetInt64(0) - 1;
                    var settled = reader.GetDecimal(1);
                    var reserved = reader.GetDecimal(2);
                    var charge = reservation.Charges[index];
                    if (refused is null && settled + reserved + reservation.AmountUsd > charge.Rule.LimitUsd)
                    {
                        DateTimeOffset? oldest = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3);
                        var databaseNow = reader.GetFieldValue<DateTimeOffset>(6);
                        refused = BudgetReservationResult.Refused(charge, new BudgetUsage(settled, reserved, charge.Rule.Window.GetResetTime(databaseNow, oldest)));
                    }
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new InvalidOperationException($"Budget reservation {reservation.Id} is already held; create each reservation with a new id.", ex);
            }

            if (refused is not null)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return refused;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return BudgetReservationResult.Reserved;
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<BudgetSettlement>> SettleAsync(BudgetReservation reservation, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualCostUsd);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var charges = new ChargeArrays(reservation.Charges);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);

        // The same locks as reservations, so "spent before" and "spent after" are exact and each threshold is crossed once.
        await LockBucketsAsync(connection, transaction, charges, cancellationToken).ConfigureAwait(false);
        int updated;
        // Also an expired entry (which no longer counts): a late settle records the spend, once.
        var update = new NpgsqlCommand($"UPDATE {_entries} SET amount_usd = @amount, settled = true, lease_expires_at = NULL WHERE reservation_id = @id AND NOT settled", connection, transaction);
        await using (update.ConfigureAwait(false))
        {
            update.Parameters.Add(new NpgsqlParameter<decimal>("amount", NpgsqlDbType.Numeric) { TypedValue = actualCostUsd });
            update.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = reservation.Id });
            updated = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (updated == 0)
        {
            // Already settled or released, or never reserved: idempotent no-op.
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return [];
        }

        var settlements = new BudgetSettlement[charges.Count];
        var sums = new NpgsqlCommand($"""
            WITH t AS (SELECT {Now} AS now),
            c AS ({ChargeWindows})
            SELECT c.ord,
                   COALESCE(SUM(e.amount_usd) FILTER (WHERE e.settled), 0),
                   COALESCE(bool_or(e.reservation_id = @id), false)
            FROM c LEFT JOIN {_entries} e
              ON e.rule_name = c.rule_name AND e.scope_key = c.scope_key AND {InWindow}
            GROUP BY c.ord ORDER BY c.ord
            """, connection, transaction);
        await using (sums.ConfigureAwait(false))
        {
            charges.AddTo(sums.Parameters, withLimits: true);
            AddClockOffset(sums.Parameters);
            sums.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = reservation.Id });
            var reader = await sums.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerDisposal = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var index = (int)reader.GetInt64(0) - 1;
                var after = reader.GetDecimal(1);
                var before = reader.GetBoolean(2) ? after - actualCostUsd : after;
                settlements[index] = new BudgetSettlement(reservation.Charges[index], before, after);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return settlements;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var charges = new ChargeArrays(reservation.Charges);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);

        // Under the bucket locks: a reservation that already counted this entry as expired must not see it revived.
        await LockBucketsAsync(connection, transaction, charges, cancellationToken).ConfigureAwait(false);
        var command = new NpgsqlCommand($"""
            WITH t AS (SELECT {Now} AS now)
            UPDATE {_entries} e SET lease_expires_at = t.now + @lease FROM t
            WHERE e.reservation_id = @id AND NOT e.settled AND e.lease_expires_at > t.now
            """, connection, transaction);
        await using var commandDisposal = command.ConfigureAwait(false);
        AddClockOffset(command.Parameters);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = reservation.Id });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", NpgsqlDbType.Interval) { TypedValue = reservation.Lease });
        var renewed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return renewed > 0;
    }

    /// <inheritdoc />
    /// <remarks>Releasing an expired reservation deletes its row (it already counted nothing): a settle after that is a no-op.</remarks>
    public async ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);

        // No bucket lock: deleting a reservation can only make room, never overspend.
        var command = new NpgsqlCommand($"DELETE FROM {_entries} WHERE reservation_id = @id AND NOT settled", connection);
        await using var commandDisposal = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = reservation.Id });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The window is the one that contains the database's current time; <paramref name="now"/> is not used.</remarks>
    public async ValueTask<BudgetUsage> GetUsageAsync(BudgetRule rule, string scopeKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(scopeKey);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var charges = new ChargeArrays([new BudgetCharge(rule, scopeKey)]);
        var command = new NpgsqlCommand($"""
            WITH t AS (SELECT {Now} AS now),
            c AS ({ChargeWindows})
            SELECT COALESCE(SUM(e.amount_usd) FILTER (WHERE e.settled), 0),
                   COALESCE(SUM(e.amount_usd) FILTER (WHERE NOT e.settled AND e.lease_expires_at > c.now), 0),
                   MIN(e.reserved_at) FILTER (WHERE e.settled OR e.lease_expires_at > c.now),
                   c.now
            FROM c LEFT JOIN {_entries} e
              ON e.rule_name = c.rule_name AND e.scope_key = c.scope_key AND {InWindow}
            GROUP BY c.now
            """, connection);
        await using var commandDisposal = command.ConfigureAwait(false);
        charges.AddTo(command.Parameters, withLimits: true);
        AddClockOffset(command.Parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerDisposal = reader.ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset? oldest = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
        return new BudgetUsage(reader.GetDecimal(0), reader.GetDecimal(1), rule.Window.GetResetTime(reader.GetFieldValue<DateTimeOffset>(3), oldest));
    }

    /// <summary>
    /// Deletes entries reserved before <paramref name="olderThan"/>. Choose a time before the start of every rule's
    /// window: entries still inside a window are spend, and deleting them loosens the budget.
    /// </summary>
    /// <param name="olderThan">Entries reserved before this are deleted.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>How many entries were deleted.</returns>
    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand($"DELETE FROM {_entries} WHERE reserved_at < @before", connection);
        await using var commandDisposal = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", NpgsqlDbType.TimestampTz) { TypedValue = olderThan.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes entries reserved longer ago than <see cref="PostgresBudgetStoreOptions.Retention"/>, by the database's
    /// clock (what the scheduled purge runs).
    /// </summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>How many entries were deleted.</returns>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand($"DELETE FROM {_entries} WHERE reserved_at < {Now} - @retention", connection);
        await using var commandDisposal = command.ConfigureAwait(false);
        AddClockOffset(command.Parameters);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("retention", NpgsqlDbType.Interval) { TypedValue = _options.Retention });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_purgeTimer is not null)
        {
            await _purgeTimer.DisposeAsync().ConfigureAwait(false);
        }

        _createGate.Dispose();
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _purgeTimer?.Dispose();
        _createGate.Dispose();
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    private void AddClockOffset(NpgsqlParameterCollection parameters) =>
        parameters.Add(new NpgsqlParameter<TimeSpan>("clock_offset", NpgsqlDbType.Interval) { TypedValue = _options.ClockOffset });

    private async void PurgeOnSchedule()
    {
        // Timer callbacks never overlap a running purge, and a failure is logged: the next tick tries again.
        if (Interlocked.Exchange(ref _purging, 1) == 1)
        {
            return;
        }

        try
        {
            var deleted = await PurgeExpiredAsync(CancellationToken.None).ConfigureAwait(false);
            AiGatewayLog.PostgresBudgetPurged(_logger, deleted, _options.Retention);
        }
#pragma warning disable CA1031 // A background purge must never crash the process; the error (no connection string) is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AiGatewayLog.PostgresBudgetPurgeFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _purging, 0);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, string Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using var commandDisposal = command.ConfigureAwait(false);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes sure a bucket row exists for every charge, in its own (autocommit) statement, before any lock is taken.</summary>
    private async Task EnsureBucketsAsync(IReadOnlyList<BudgetCharge> reservationCharges, ChargeArrays charges, CancellationToken cancellationToken)
    {
        var missing = false;
        foreach (var charge in reservationCharges)
        {
            if (!_knownBuckets.ContainsKey((charge.Rule.Name, charge.ScopeKey)))
            {
                missing = true;
                break;
            }
        }

        if (!missing)
        {
            return;
        }

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand($"INSERT INTO {_buckets} (rule_name, scope_key) SELECT * FROM unnest(@rules, @keys) ON CONFLICT DO NOTHING", connection);
            await using var commandDisposal = command.ConfigureAwait(false);
            command.Parameters.Add(new NpgsqlParameter<string[]>("rules", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = charges.Rules });
            command.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = charges.Keys });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_knownBuckets.Count > KnownBucketLimit)
        {
            _knownBuckets.Clear();
        }

        foreach (var charge in reservationCharges)
        {
            _knownBuckets.TryAdd((charge.Rule.Name, charge.ScopeKey), 0);
        }
    }

    /// <summary>Locks the bucket rows of every charge, in one fixed order; returns how many were locked.</summary>
    private async Task<int> LockBucketsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ChargeArrays charges, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand($"""
            SELECT count(*) FROM (
                SELECT 1 FROM {_buckets} b
                JOIN unnest(@rules, @keys) AS u(rule_name, scope_key) ON b.rule_name = u.rule_name AND b.scope_key = u.scope_key
                ORDER BY b.rule_name COLLATE "C", b.scope_key COLLATE "C"
                FOR UPDATE OF b) locked
            """, connection, transaction);
        await using var commandDisposal = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<string[]>("rules", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = charges.Rules });
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = charges.Keys });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>A reservation's charges as parallel arrays, for <c>unnest</c>, with each rule's window start at a given time.</summary>
    private sealed class ChargeArrays
    {
        public ChargeArrays(IReadOnlyList<BudgetCharge> charges)
        {
            Count = charges.Count;
            Rules = new string[Count];
            Keys = new string[Count];
            Kinds = new int[Count];
            Spans = new TimeSpan[Count];
            Limits = new decimal[Count];
            for (var i = 0; i < Count; i++)
            {
                var rule = charges[i].Rule;
                Rules[i] = rule.Name;
                Keys[i] = charges[i].ScopeKey;
                Kinds[i] = rule.Window.Kind switch
                {
                    BudgetWindowKind.Day => 0,
                    BudgetWindowKind.Month => 1,
                    _ => 2,
                };
                Spans[i] = rule.Window.Duration;
                Limits[i] = rule.LimitUsd;
            }
        }

        public int Count { get; }

        public string[] Rules { get; }

        public string[] Keys { get; }

        public int[] Kinds { get; }

        public TimeSpan[] Spans { get; }

        public decimal[] Limits { get; }

        public void AddTo(NpgsqlParameterCollection parameters, bool withLimits)
        {
            parameters.Add(new NpgsqlParameter<string[]>("rules", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = Rules });
            parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = Keys });
            if (withLimits)
            {
                parameters.Add(new NpgsqlParameter<int[]>("kinds", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = Kinds });
                parameters.Add(new NpgsqlParameter<TimeSpan[]>("spans", NpgsqlDbType.Array | NpgsqlDbType.Interval) { TypedValue = Spans });
                parameters.Add(new NpgsqlParameter<decimal[]>("limits", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { TypedValue = Limits });
            }
        }
    }
}
