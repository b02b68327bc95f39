namespace AiGateway.Client.Postgres;
