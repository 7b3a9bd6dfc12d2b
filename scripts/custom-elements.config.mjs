// custom-elements.json documents what a merchant may use: the element's attributes, properties,
// methods, events, parts and CSS properties, and its registration. Private and protected members
// (the element's internals) are left out.
export default {
  globs: ['src/element/antom-card-checkout.ts', 'src/element/define.ts'],
  litelement: true,
  // package.json names the committed manifest; the staleness test writes elsewhere and must not move it.
  packagejson: false,
  plugins: [
    {
      name: 'public-members-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.members) continue;
            declaration.members = declaration.members.filter(
              (member) =>
                member.privacy !== 'private' &&
                member.privacy !== 'protected' &&
                !(member.static && member.name === 'styles'),
            );
          }
        }
      },
    },
  ],
};
