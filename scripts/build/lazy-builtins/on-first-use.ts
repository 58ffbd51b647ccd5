/** A node: module's members, the module loaded when one is first asked for (the shims beside this file). */
export function onFirstUse<Module extends object>(name: string): Module {
  return new Proxy({} as Module, { get: (_, key) => Reflect.get(process.getBuiltinModule(name) as Module, key) });
}
