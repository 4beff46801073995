/** The Loghub 2k datasets kept in `shared/datasets/loghub-2k` (each `<Name>/<Name>_2k.log` plus ground truth). */
export const LOGHUB_2K_DATASETS = [
  "Android",
  "Apache",
  "BGL",
  "HDFS",
  "Hadoop",
  "HealthApp",
  "Linux",
  "OpenSSH",
  "Spark",
  "Zookeeper",
] as const;
