export * from './access/permission';
export * from './access/role';
export * from './access/role-permissions';
export * from './access/access.decorators';
