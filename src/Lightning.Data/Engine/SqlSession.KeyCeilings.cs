using Lightning.Data.Storage;

namespace Lightning.Data.Engine;

// Key ceilings let a long transaction of inserts skip the primary-key uniqueness read for keys that cannot exist yet.
internal sealed partial class SqlSession
{
    /// <summary>Primary-key probes of a table in one explicit transaction before its ceiling is worth one reverse seek.</summary>
    private const int ProbesBeforeCeiling = 8;

    /// <summary>
    /// Per table with an INTEGER PRIMARY KEY, inside an explicit transaction: either a ceiling, "no row of the table that
    /// this transaction can see (its snapshot, its own writes and the running statement's buffered writes) has an integer
    /// key above <see cref="Value"/>", or a count of probes made while none is known. A ceiling only ever rises while it
    /// is valid; whatever could bring back or add a row it did not account for forgets it (<see cref="ForgetKeyCeilings"/>).
    /// </summary>
    private struct KeyCeiling
    {
        public long Value;
        public bool Known;
        public bool Unknowable;
        public int Probes;
    }

    private readonly Dictionary<uint, KeyCeiling> _keyCeilings = [];

    /// <summary>The table's key ceiling, when one is known.</summary>
    internal bool TryGetKeyCeiling(uint table, out long ceiling)
    {
        if (_keyCeilings.TryGetValue(table, out KeyCeiling entry) && entry.Known)
        {
            ceiling = entry.Value;
            return true;
        }
        ceiling = 0;
        return false;
    }

    /// <summary>Counts a primary-key probe of <paramref name="table"/>; true when it is time to establish its ceiling (only
    /// in an explicit transaction: an autocommit statement's transaction ends before a ceiling could pay for its seek).</summary>
    internal bool CountKeyProbe(uint table)
    {
        if (_transaction is null) return false;
        ref KeyCeiling entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_keyCeilings, table, out _);
        return !entry.Unknowable && ++entry.Probes >= ProbesBeforeCeiling;
    }

    /// <summary>Records the ceiling found by a seek to the table's last key, or that none can be known (the last key is not an integer).</summary>
    internal void SetKeyCeiling(uint table, long? ceiling)
    {
        ref KeyCeiling entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_keyCeilings, table, out _);
        entry.Known = ceiling.HasValue;
        entry.Unknowable = !ceiling.HasValue;
        entry.Value = ceiling.GetValueOrDefault();
    }

    /// <summary>Accounts for a row stored under <paramref name="key"/> (its integer primary-key value): raises a known ceiling;
    /// a key that is not an integer makes the ceiling unknowable for the rest of the transaction.</summary>
    internal void NoteStoredKey(uint table, in SqlValue key)
    {
        if (_keyCeilings.Count == 0) return;
        ref KeyCeiling entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_keyCeilings, table);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry) || !entry.Known) return;
        if (key.Type == SqlType.Integer)
        {
            if (key.Integer > entry.Value) entry.Value = key.Integer;
            return;
        }
        entry.Known = false;
        entry.Unknowable = true;
    }

    /// <summary>Drops every ceiling: the transaction ended, a statement failed, a savepoint was rolled back to, or DDL ran.</summary>
    internal void ForgetKeyCeilings()
    {
        if (_keyCeilings.Count > 0) _keyCeilings.Clear();
    }
}
