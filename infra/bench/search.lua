-- wrk script: POST a search (or context) request with a query drawn from a mix of natural questions.
-- env: BENCH_KEY (bearer key), BENCH_PROJECT (project id), BENCH_EXTRA (extra JSON members, e.g. ',"mode":"fulltext"'),
-- BENCH_QUERIES (a file of questions, one per line, instead of the twenty below).
local key = os.getenv("BENCH_KEY")
local project = os.getenv("BENCH_PROJECT")
local extra = os.getenv("BENCH_EXTRA") or ""
local queries = {
  "what did we decide about the retry backoff?", "why was the invoice total wrong", "expired tokens accepted",
  "flaky test in CI", "readiness probe port", "slow order lookup by customer", "emoji in search titles",
  "how is the changelog kept", "where do we round money", "which migration added the index",
  "timeout of the http client", "kubernetes deployment values", "jwt signature verification",
  "lucene analyzer characters", "bigdecimal rounding mode", "cap on exponential backoff",
  "what failed in the build", "who changed the retry policy", "postgres composite index", "helm chart probes"
}
local file = os.getenv("BENCH_QUERIES")
if file and file ~= "" then
  queries = {}
  for line in io.lines(file) do
    if line ~= "" then queries[#queries + 1] = line end
  end
end
local n = 0
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. key
  math.randomseed(os.time())
end
function request()
  n = n + 1
  local q = queries[(n % #queries) + 1]
  return wrk.format(nil, nil, nil, '{"projectId":"' .. project .. '","query":"' .. q .. '","limit":20' .. extra .. '}')
end
