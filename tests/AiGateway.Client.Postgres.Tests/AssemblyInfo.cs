// The database tests open many connections each; one class at a time keeps them inside max_connections.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
