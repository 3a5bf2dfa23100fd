// Who holds the load lock: the running transactions that say they are loads (the holder first), for the waiting load's message.
SHOW TRANSACTIONS YIELD metaData, status
WHERE metaData.lineage_load IS NOT NULL
RETURN metaData.lineage_load AS holder
ORDER BY CASE WHEN status STARTS WITH 'Running' THEN 0 ELSE 1 END
