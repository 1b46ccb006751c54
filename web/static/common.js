// What the teaching page (app.js) and the classroom page (class.js) share,
// loaded before either: the element lookup, the SVG namespace and the
// outcomes' titles on the charts.
"use strict";

const $ = (id) => document.getElementById(id);
const SVGNS = "http://www.w3.org/2000/svg";
const TITLES = {
  cohesion: "Team cohesion",
  team_identification: "Identification with the team",
  user_experience: "Service users' experience",
  weeks_to_intervention: "Weeks from referral to intervention",
  nhs_performance: "NHS performance against targets",
};
