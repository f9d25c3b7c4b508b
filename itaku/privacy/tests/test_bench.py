from itaku.privacy.bench import TARGET_MB_S, vault_throughput


def test_vault_throughput_measure_runs_at_the_upload_limit(settings):
    """``make bench`` measures the vault at the upload limit (the target, 100 MB/s each way, is reported
    there, not asserted: a shared machine's load would make a timed test flaky)."""
    result = vault_throughput()
    assert result["bytes"] == settings.ITAKU_MAX_UPLOAD_BYTES
    assert result["in_mb_s"] > 0 and result["out_mb_s"] > 0 and result["target_mb_s"] == TARGET_MB_S
    assert result["meets_target"] == (min(result["in_mb_s"], result["out_mb_s"]) >= TARGET_MB_S)
