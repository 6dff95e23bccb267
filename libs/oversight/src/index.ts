export * from './oversight.module';
export * from './access-report/access-report';
export * from './access-report/access-report.service';
export * from './access-log/case-access-log.service';
export * from './queue-stats/queue-stats.service';
